import PropertyBased
import PropertyTestSupport
import Tensors
import Testing

/// The Double kernels behind the generic tensor operations, held to the plain definitions they
/// replace: the same bits.
@Suite("Double kernels")
struct DoubleKernelTests {
    /// The plain triple loop, C[i][j] = Σ_p a[i][p]·b[p][j] in increasing p, from +0.
    static func plainMatmul(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k { c[i * n + j] = c[i * n + j] + a[i * k + p] * b[p * n + j] } } }
        return c
    }

    /// Shapes from 1 to past the kernel's column block (n up to 700, m up to 40), A from all
    /// zeros to dense, with spike-like levels ±λ·2^j, signed zeros and random values; B finite.
    @Test func eventDrivenMatmulEqualsThePlainLoop() {
        let shapes = zip(Gen.int(in: 1...40), Gen.int(in: 1...48), Gen.int(in: 1...700), Gen.int(in: 0...100))
        forAll(zip(shapes, Gen.int(in: 0...1_000_000))) { input in
            let ((m, k, n, zeroPercent), seed) = input
            var rng = SplitMix(state: UInt64(seed))
            let a = (0..<(m * k)).map { _ -> Double in
                let r = Int.random(in: 0..<100, using: &rng)
                if r < zeroPercent { return r % 2 == 0 ? 0 : -0.0 }
                switch r % 3 {
                case 0: return Double(Int.random(in: -3...3, using: &rng)) * 0.37
                case 1: return (Bool.random(using: &rng) ? 1 : -1) * 0.25 * Double(1 << Int.random(in: 0...7, using: &rng))
                default: return Double.random(in: -2...2, using: &rng)
                }
            }
            let b = (0..<(k * n)).map { _ in Double.random(in: -1...1, using: &rng) }
            let fast = DoubleKernels.builtInMatmul(a, b, m: m, k: k, n: n)
            let plain = Self.plainMatmul(a, b, m: m, k: k, n: n)
            #expect(fast.map(\.bitPattern) == plain.map(\.bitPattern), "m \(m), k \(k), n \(n), \(zeroPercent)% zeros")
        }
    }

    /// A NaN in A reaches exactly the row it is in.
    @Test func nanInASpreadsToItsRowOnly() {
        let a: [Double] = [0, .nan, 1, 0]
        let c = DoubleKernels.builtInMatmul(a, [1, 2, 3, 4], m: 2, k: 2, n: 2)
        #expect(c[0].isNaN && c[1].isNaN && c[2] == 1 && c[3] == 2)
    }

    /// +, −, += and a·c − b·d against the generic element-wise definitions.
    @Test func elementwiseKernelsEqualTheDefinitions() throws {
        forAll(zip(Gen.int(in: 0...300), Gen.int(in: 0...1_000_000))) { input throws in
            let (count, seed) = input
            var rng = SplitMix(state: UInt64(seed))
            let special: [Double] = [0, -0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
            let draw = { (rng: inout SplitMix) -> Double in
                Int.random(in: 0..<8, using: &rng) == 0 ? special.randomElement(using: &rng)! : Double.random(in: -1e3...1e3, using: &rng)
            }
            let x = Tensor(vector: (0..<count).map { _ in draw(&rng) }), y = Tensor(vector: (0..<count).map { _ in draw(&rng) })
            let c = draw(&rng), d = draw(&rng)
            let bits = { (t: Tensor<Double>) in t.values.map(\.bitPattern) }
            #expect(bits(try x + y) == bits(try x.zipWith(y) { $0 + $1 }))
            #expect(bits(try x - y) == bits(try x.zipWith(y) { $0 - $1 }))
            #expect(bits(try x.scaledDifference(c, y, d)) == bits(try x.zipWith(y) { $0 * c - $1 * d }))
            #expect(bits(x.scaled(by: c)) == bits(x.map { $0 * c }))
            #expect(bits(x.divided(by: 7)) == bits(x.map { $0 / 7 }))
            var z = x
            try z += y
            #expect(bits(z) == bits(try x.zipWith(y) { $0 + $1 }))
        }
        var z = Tensor(vector: [1.0, 2.0])
        #expect(throws: OperatorError.self) { try z += Tensor(vector: [1.0]) }
    }
}

/// The product with B read as Floats, for a B of float32 values (as model weights are).
@Suite("Double kernels, single-precision B")
struct NarrowMatmulTests {
    @Test func narrowBGivesTheSameBits() throws {
        forAll(zip(Gen.int(in: 1...30), Gen.int(in: 1...40), Gen.int(in: 1...600), Gen.int(in: 0...1_000_000))) { input throws in
            let (m, k, n, seed) = input
            var rng = SplitMix(state: UInt64(seed))
            let a = (0..<(m * k)).map { _ in Bool.random(using: &rng) ? 0 : Double.random(in: -3...3, using: &rng) }
            let b = (0..<(k * n)).map { _ in Double(Float.random(in: -1...1, using: &rng)) }
            let narrow = try #require(DoubleKernels.narrowed(b))
            let fast = DoubleKernels.matmul(a, b, narrow: narrow, m: m, k: k, n: n)
            if DoubleKernels.usesBLAS(a, m: m, k: k, n: n, narrow: true) {
                #expect(fast.map(\.bitPattern) == DoubleKernels.matmul(a, b, m: m, k: k, n: n).map(\.bitPattern))
            } else {
                #expect(fast.map(\.bitPattern) == DoubleKernelTests.plainMatmul(a, b, m: m, k: k, n: n).map(\.bitPattern))
                #expect(fast.map(\.bitPattern) == DoubleKernels.builtInMatmul(a, b, m: m, k: k, n: n).map(\.bitPattern))
            }
        }
    }

    @Test func onlyExactFloatsNarrow() {
        #expect(DoubleKernels.narrowed([0.5, -0.0, 3]) == [0.5, -0.0, 3])
        #expect(DoubleKernels.narrowed([0.1]) == nil)
        #expect(DoubleKernels.narrowed([1e300]) == nil)
    }
}
