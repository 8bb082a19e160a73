import ExactArithmetic
import PropertyBased
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

/// The certified (interval) reference encloses the true ANN output; the Double reference is
/// within its rounding of it.
@Suite struct CertifiedReferenceTests {
    /// At 24 bits the enclosures are wider than the Double reference's rounding, so each must
    /// contain the Double value: a wrong enclosure (or a wrong Double path) shows as an entry
    /// outside. The widths are reported and must stay small enough to mean something.
    @Test func lowPrecisionEnclosuresContainTheDoubleReference() throws {
        let fixture = try MiniLMSamples(layers: 1, inputs: 2)
        let layers = try ReferenceRounding.measure(weights: fixture.weights, sample: fixture.samples[1], bits: 24)
        let layer = try #require(layers.first)
        #expect(layer.contained == layer.entries, "\(layer.entries - layer.contained) entries outside")
        #expect(layer.entries == fixture.samples[1].keptTokens.count * 384)
        print("24-bit certified layer 0: max width \(layer.maxWidth), rounding bound \(layer.roundingBound)")
        // Not vacuous: the layer's outputs are LayerNorm outputs of size about 1.
        #expect(layer.maxWidth > 0 && layer.maxWidth < 1)
    }

    /// At 96 bits the enclosures are far narrower than Double's rounding: the distance from the
    /// Double value to the enclosure is the rounding part, and it must be tiny.
    @Test func highPrecisionBoundsTheDoubleRounding() throws {
        let fixture = try MiniLMSamples(layers: 1, inputs: 1)
        let layers = try ReferenceRounding.measure(weights: fixture.weights, sample: fixture.samples[0], bits: 96)
        #expect(layers.count == 1)
        for layer in layers {
            #expect(layer.maxWidth < 1e-12, "layer \(layer.layer) width \(layer.maxWidth)")
            #expect(layer.roundingBound < 1e-9, "layer \(layer.layer) rounding \(layer.roundingBound)")
        }
    }

    /// The dyadic integer kernel gives the generic interval product entry for entry.
    @Test func dyadicKernelEqualsTheGenericIntervalProduct() throws {
        var generator = Xoshiro(seed: (7, 11, 13, 17))
        let m = 3, k = 5, n = 4
        let a: [Interval] = try (0..<(m * k)).map { _ in
            let lo = Rational(Int(generator.next() % 2001) - 1000).timesPowerOfTwo(-Int(generator.next() % 9))
            return try Interval(lo, lo + Rational(Int(generator.next() % 5)).timesPowerOfTwo(-12))
        }
        let b: [Rational] = (0..<(k * n)).map { _ in Rational(Int(generator.next() % 2001) - 1000).timesPowerOfTwo(-Int(generator.next() % 30)) }
        let fast = try #require(DyadicMatrixProduct.multiply(a, b, m: m, k: k, n: n))
        for i in 0..<m {
            for j in 0..<n {
                var sum = Interval(.zero)
                for p in 0..<k { sum = sum + a[i * k + p] * Interval(b[p * n + j]) }
                #expect(fast[i * n + j] == sum)
            }
        }
        // A non-dyadic entry falls back to the generic product.
        #expect(DyadicMatrixProduct.multiply(a, [try Rational(numerator: 1, denominator: 3)] + b.dropFirst(), m: m, k: k, n: n) == nil)
    }
}
