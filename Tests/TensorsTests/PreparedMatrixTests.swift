import ExactArithmetic
import Testing
import Tensors

/// `Tensor.matmul(_:prepared:)` is the unprepared product to the bit, for each prepared form:
/// Floats for Doubles that are Floats exactly (the built-in kernel's product, or BLAS's where the
/// routing sends it there), B-FIX's integer columns for point Balls, in products large enough to
/// split rows and columns over the cores; a matrix without a prepared form has none.
@Suite struct PreparedMatrixTests {
    static func values(_ count: Int, seed: UInt64, zeros: Bool) -> [Double] {
        var rng = SplitMix(state: seed)
        return (0..<count).map { _ in zeros && Bool.random(using: &rng) ? 0 : Double(Float.random(in: -2...2, using: &rng)) }
    }

    @Test(arguments: [(1, 5, 3), (7, 48, 200), (40, 24, 130)])
    func doublesGiveTheSameBits(_ shape: (Int, Int, Int)) throws {
        let (m, k, n) = shape
        let x = try Tensor(shape: [m, k], values: Self.values(m * k, seed: 1, zeros: true))
        let w = try Tensor(shape: [k, n], values: Self.values(k * n, seed: 2, zeros: false))
        let prepared = try #require(PreparedMatrix.prepare(w))
        guard case .narrow = prepared else { Issue.record("float32 weights should prepare as Floats"); return }
        // The kernel the routing picks for float32 weights: BLAS's product, or the built-in one.
        let expected = DoubleKernels.usesBLAS(x.values, m: m, k: k, n: n, narrow: true)
            ? try x.matmul(w).values : DoubleKernels.builtInMatmul(x.values, w.values, m: m, k: k, n: n)
        #expect(try x.matmul(w, prepared: prepared).values.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test(arguments: [(1, 5, 3), (3, 40, 130), (12, 48, 40)])
    func ballsGiveTheSameBalls(_ shape: (Int, Int, Int)) throws {
        let (m, k, n) = shape
        let x = try Tensor(shape: [m, k], values: Self.values(m * k, seed: 3, zeros: true).map {
            Ball(try Rational(exactly: $0) / Rational(3), precision: 186)
        })
        let w = try Tensor(shape: [k, n], values: Self.values(k * n, seed: 4, zeros: false).map { try Ball(exactly: $0) })
        let prepared = try #require(PreparedMatrix.prepare(w))
        guard case .fixedPoint = prepared else { Issue.record("point balls should prepare in fixed point"); return }
        let fast = try x.matmul(w, prepared: prepared), plain = try x.matmul(w)
        for (a, b) in zip(fast.values, plain.values) {
            let (p, q) = (try a.interval, try b.interval)
            #expect(p.lo == q.lo && p.hi == q.hi, "\(a) is not \(b)")
        }
    }

    @Test func onlyFloatsAndPointsPrepare() throws {
        #expect(PreparedMatrix.prepare(try Tensor<Double>(shape: [1, 2], values: [0.1, 0.5])) == nil)
        #expect(PreparedMatrix.prepare(try Tensor<Rational>(shape: [1, 1], values: [Rational(1)])) == nil)
        let third = Ball(try Rational(numerator: 1, denominator: 3), precision: 64)
        #expect(PreparedMatrix.prepare(try Tensor<Ball>(shape: [1, 1], values: [third])) == nil)
    }
}
