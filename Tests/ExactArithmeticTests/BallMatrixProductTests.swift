import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// B-FIX and Arb's product: a product of balls by a matrix of Doubles contains every product of
/// points of the balls, checked exactly in rationals against mid·b ± rad·|b|.
@Suite struct BallMatrixProductTests {
    struct Case: CustomStringConvertible {
        let m: Int, k: Int, n: Int
        let a: [Ball]
        let b: [Double]
        var description: String { "[\(m)×\(k)]·[\(k)×\(n)], a \(a.prefix(3))…, b \(b.prefix(3))…" }
    }

    /// Entries of a: exact Doubles, rationals rounded at 8 to 256 bits (so balls with radii), zeros.
    static let entry = zip(Gen.int(in: 0...3), Edge.rational(magnitudeAtMost: 1 << 20), Gen.int(in: 8...256), Edge.double)
        .map { kind, q, bits, d -> Ball in
            switch kind {
            case 0: return (try? Ball(exactly: d.isFinite && abs(d) < 1e30 ? d : 0.5)) ?? .zero
            case 1: return .zero
            default: return Ball(q, precision: bits)
            }
        }.eraseToAny()

    /// Weights: ordinary values, zeros, negatives, subnormals, and now and then a column whose
    /// exponents are too far apart for B-FIX (so the Arb product runs).
    static let weight = zip(Gen.int(in: 0...9), Gen.double(in: -2...2), Gen.int(in: -60...20)).map { kind, d, e -> Double in
        switch kind {
        case 0: return 0
        case 1: return Double(sign: d < 0 ? .minus : .plus, exponent: e, significand: 1)
        case 2: return Double.leastNonzeroMagnitude * 3
        default: return Double(Float(d))
        }
    }.eraseToAny()

    static let cases = zip(Gen.int(in: 1...3), Gen.int(in: 1...24), Gen.int(in: 1...5), Gen.uint64(in: 0...UInt64.max))
        .map { m, k, n, seed -> Case in
            var rng = Xoshiro(seed: (seed, 1, 2, 3))
            return Case(m: m, k: k, n: n, a: (0..<(m * k)).map { _ in entry.run(using: &rng) },
                        b: (0..<(k * n)).map { _ in weight.run(using: &rng) })
        }.eraseToAny()

    /// The exact hull of {Σ_p x_p b_pj : x_p ∈ a_ip} for every entry: mid·b ± rad·|b|.
    static func exact(_ c: Case) throws -> [Interval] {
        let a = try c.a.map { try $0.interval }, b = try c.b.map { try Rational(exactly: $0) }
        return try (0..<(c.m * c.n)).map { index in
            let i = index / c.n, j = index % c.n
            var centre = Rational.zero, spread = Rational.zero
            for p in 0..<c.k {
                centre = centre + a[i * c.k + p].midpoint * b[p * c.n + j]
                spread = spread + a[i * c.k + p].radius * b[p * c.n + j].magnitude
            }
            return try Interval(centre - spread, centre + spread)
        }
    }

    @Test func productContainsEveryProductOfPoints() throws {
        forAll(cases: 150, Self.cases) { c in
            let expected = try Self.exact(c)
            let points = try c.b.map { try Ball(exactly: $0) }
            let product = Ball.matmul(c.a, points, m: c.m, k: c.k, n: c.n)
            for (got, want) in zip(product, expected) { #expect(try got.interval.contains(want), "\(c): \(got) misses \(want)") }
            for limbs in 1...4 {
                guard let fixed = Ball.fixedProduct(c.a, c.b, m: c.m, k: c.k, n: c.n, precision: 200, limbs: limbs) else { continue }
                for (got, want) in zip(fixed, expected) {
                    #expect(try got.interval.contains(want), "\(c), \(limbs) limbs: \(got) misses \(want)")
                }
            }
        }
    }

    /// B-FIX applies to ordinary weights, and a wide product (columns split over the cores)
    /// still contains the exact one and meets Arb's own product (b given as balls, not points).
    @Test func fixedProductAppliesAndAgreesWithArb() throws {
        var rng = Xoshiro(seed: (7, 8, 9, 10))
        let m = 2, k = 40, n = 160
        let a = (0..<(m * k)).map { _ in Ball(Edge.rational(magnitudeAtMost: 100).run(using: &rng), precision: 150) }
        let b = (0..<(k * n)).map { _ in Double(Float(Gen.double(in: -1...1).run(using: &rng))) }
        let c = Case(m: m, k: k, n: n, a: a, b: b)
        let fixed = try #require(Ball.fixedProduct(a, b, m: m, k: k, n: n, precision: 150, limbs: 3))
        let viaMatmul = Ball.matmul(a, try b.map { try Ball(exactly: $0) }, m: m, k: k, n: n)
        let arb = Ball.matmul(a, b.map { Ball(try! Rational(exactly: $0), precision: 150) }, m: m, k: k, n: n)
        for (index, want) in try Self.exact(c).enumerated() {
            #expect(try fixed[index].interval.contains(want))
            #expect(try viaMatmul[index].interval.contains(want))
            #expect(try fixed[index].interval.overlaps(arb[index].interval))
            #expect(fixed[index].radiusBound <= 0x1p-100)
        }
    }

    /// Each weakening of B-FIX misses an exact product on some case.
    @Test(arguments: FixedProductMutation.allCases)
    func mutantsAreCaught(_ mutation: FixedProductMutation) throws {
        var caught = 0
        forAll(named: "mutant-\(mutation.rawValue)", cases: 40, Self.cases) { c in
            // Long midpoints (for the conversion rounding) and wide radii (for the radius term).
            let a = c.a.enumerated().map { index, x in
                mutation == .dropConversionRounding
                    ? Ball(try! Rational(numerator: 2 * index + 1, denominator: 3), precision: 256)
                    : Ball(try! Rational(numerator: index + 1, denominator: 7), precision: 10)
            }
            let d = Case(m: c.m, k: c.k, n: c.n, a: a, b: c.b)
            guard let product = Ball.fixedProduct(a, c.b, m: c.m, k: c.k, n: c.n, precision: 256,
                                                  limbs: mutation == .dropConversionRounding ? 1 : 4, mutation: mutation) else { return }
            for (got, want) in zip(product, try Self.exact(d)) where !(try got.interval.contains(want)) { caught += 1 }
        }
        #expect(caught > 0, "\(mutation) was never caught")
    }
}
