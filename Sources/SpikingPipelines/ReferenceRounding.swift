import ExactArithmetic
import ReferenceTransformer
import Tensors

/// How far the Double reference can be from the true (exact-arithmetic) ANN output, per layer,
/// from a certified (interval) run of the same encoder on one input.
public struct LayerRounding: Sendable, Codable, Equatable {
    public let layer: Int
    /// The widest enclosure of an output entry (rounded up to a Double).
    public let maxWidth: Double
    /// max over entries of max(|d − lo|, |hi − d|) for the Double value d and the enclosure
    /// [lo, hi] of the true value: a bound on |d − true| (rounded up to a Double). This is the
    /// floating-point rounding part of the measured conversion error.
    public let roundingBound: Double
    /// Entries whose Double value lies inside the enclosure.
    public let contained: Int
    public let entries: Int
}

public enum ReferenceRounding {
    /// Runs the reference in Double and in intervals at `bits` bits on one sample, over the
    /// kept tokens.
    public static func measure(weights: EncoderWeights<Double>, sample: EncoderSample, bits: Int) throws -> [LayerRounding] {
        let double = try ReferenceEncoder(weights).forward(sample.input, mask: sample.mask)
        let certified = try ReferenceEncoder(weights.converted(to: Interval.self), context: NumericContext(bits: bits))
        let input = try sample.input.map { Interval(try Rational(exactly: $0)) }
        let enclosures = try certified.forward(input, mask: sample.mask)
        let kept = sample.keptTokens
        for (layer, d) in double.enumerated() where !d.values.allSatisfy(\.isFinite) {
            throw OperatorError.arithmetic("the Double reference's layer \(layer) holds NaN or infinity")
        }
        return try zip(double, enclosures).enumerated().map { layer, pair in
            let (d, e) = pair
            let width = d.rowLength
            var maxWidth = Rational.zero, bound = Rational.zero, contained = 0, entries = 0
            for i in kept {
                for j in 0..<width {
                    let value = try Rational(exactly: d.values[i * width + j])
                    let enclosure = e.values[i * width + j]
                    maxWidth = max(maxWidth, enclosure.width)
                    bound = max(bound, max((value - enclosure.lo).magnitude, (enclosure.hi - value).magnitude))
                    if enclosure.contains(value) { contained += 1 }
                    entries += 1
                }
            }
            return LayerRounding(
                layer: layer, maxWidth: maxWidth.doubleValue(rounding: .up), roundingBound: bound.doubleValue(rounding: .up),
                contained: contained, entries: entries)
        }
    }
}
