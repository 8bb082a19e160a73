import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// The fixed-point ball product over prepared weights (`FixedPointMatrix`, B-FIX's integer
/// columns made once): it contains every product of points, wide products split over the
/// cores give the balls of one unsplit B-FIX product to the bit, and a column B-FIX cannot
/// take sends its part to Arb's product, still containing the exact product.
@Suite struct FixedPointMatrixTests {
    typealias Case = BallMatrixProductTests.Case

    /// Wide and narrow products (n up to 160, so that the columns are split over the cores),
    /// with BallMatrixProductTests' entries and weights: zeros, subnormals, and columns whose
    /// exponents B-FIX cannot take.
    static let cases = zip(Gen.int(in: 1...3), Gen.int(in: 1...12), Gen.int(in: 0...1), Gen.uint64(in: 0...UInt64.max))
        .map { m, k, wide, seed -> Case in
            var rng = Xoshiro(seed: (seed, 4, 5, 6))
            let n = wide == 1 ? Gen.int(in: 128...160).run(using: &rng) : Gen.int(in: 1...5).run(using: &rng)
            return Case(m: m, k: k, n: n, a: (0..<(m * k)).map { _ in BallMatrixProductTests.entry.run(using: &rng) },
                        b: (0..<(k * n)).map { _ in BallMatrixProductTests.weight.run(using: &rng) })
        }.eraseToAny()

    @Test func preparedProductContainsEveryProductOfPoints() throws {
        forAll(cases: 120, Self.cases) { c in
            let product = Ball.matmul(c.a, FixedPointMatrix(points: c.b, k: c.k, n: c.n), m: c.m)
            #expect(product.count == c.m * c.n)
            for (index, (got, want)) in zip(product, try BallMatrixProductTests.exact(c)).enumerated() {
                #expect(try got.interval.contains(want), "\(c), entry \(index): \(got) misses \(want)")
            }
        }
    }

    /// Where every column is in integer form, the prepared product (columns split over the cores,
    /// each part reading its own columns of the prepared arrays) is the unsplit B-FIX product.
    @Test func preparedProductIsTheUnsplitProduct() throws {
        var rng = Xoshiro(seed: (11, 12, 13, 14))
        for (m, k, n) in [(1, 7, 3), (3, 40, 130), (2, 64, 257)] {
            let a = (0..<(m * k)).map { _ in Ball(Edge.rational(magnitudeAtMost: 100).run(using: &rng), precision: 186) }
            let b = (0..<(k * n)).map { _ in Double(Float(Gen.double(in: -1...1).run(using: &rng))) }
            let unsplit = try #require(Ball.fixedProduct(a, b, m: m, k: k, n: n, precision: 186, limbs: 3))
            let prepared = Ball.matmul(a, FixedPointMatrix(points: b, k: k, n: n), m: m)
            for (x, y) in zip(prepared, unsplit) {
                let (p, q) = (try x.interval, try y.interval)
                #expect(p.lo == q.lo && p.hi == q.hi, "[\(m)×\(k)]·[\(k)×\(n)]: \(x) is not \(y)")
            }
        }
    }

    /// Balls that are points prepare; any ball with a radius does not.
    @Test func onlyPointsPrepare() throws {
        let points = try [0.5, -3, 0, 1e-300].map { try Ball(exactly: $0) }
        #expect(FixedPointMatrix(points, k: 2, n: 2) != nil)
        let wide = points + [Ball(try Rational(numerator: 1, denominator: 3), precision: 64)]
        #expect(FixedPointMatrix(wide, k: 1, n: 5) == nil)
    }
}
