import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Statistics
import Testing

/// CI-CP: the ends against python's fractions, outward and within the tolerance, the defining
/// equations decided exactly, the edges (k = 0, k = n, n = 1), and the exact coverage of the
/// procedure computed over every outcome for several p.
@Suite struct ClopperPearsonTests {
    @Test func endsContainTheOracleAndAreTight() throws {
        let cases: [(Int, Int, String, Double, Double)] = [
            (0, 10, "19/20", 0.0, 0.3084971078187664), (5, 10, "19/20", 0.1870860284473963, 0.8129139715526037),
            (10, 10, "19/20", 0.6915028921812336, 1.0), (27, 90, "19/20", 0.20788189968635606, 0.4057212150429166),
            (1, 1, "9/10", 0.05, 1.0), (48, 50, "99/100", 0.8274982403081879, 0.9979112751530295),
        ]
        for (k, n, c, lower, upper) in cases {
            let i = try ClopperPearson.interval(successes: k, of: n, confidence: Level(Rational(parsing: c)))
            // The oracle's ends are exact to 2^−45; ours are outward and within 2^−32 of them.
            #expect(i.lower <= lower + 0x1p-44 && lower - i.lower <= 0x1p-31, "\(k)/\(n): lower \(i.lower) against \(lower)")
            #expect(i.upper >= upper - 0x1p-44 && i.upper - upper <= 0x1p-31, "\(k)/\(n): upper \(i.upper) against \(upper)")
        }
    }

    /// P_lower(X ≥ k) ≤ α/2 and P_upper(X ≤ k) ≤ α/2, decided exactly: the ends are outside the
    /// exact ends, never inside.
    @Test func endsSatisfyTheDefiningInequalities() throws {
        let draws = zip(Gen.int(in: 1...80), Gen.int(in: 0...80), Gen.int(in: 1...99)).eraseToAny()
        forAll(cases: 40, draws) { draw throws in
            let n = draw.0, k = draw.1 % (draw.0 + 1)
            let confidence = try Level(try Rational(numerator: draw.2, denominator: 100))
            let half = try confidence.complement / Rational(2)
            let i = try ClopperPearson.interval(successes: k, of: n, confidence: confidence)
            #expect(0 <= i.lower && i.lower <= Double(k) / Double(n) && Double(k) / Double(n) <= i.upper && i.upper <= 1)
            if k > 0 { #expect(try BinomialTail.survival(k, n: n, p: Rational(exactly: i.lower)) <= half) } else { #expect(i.lower == 0) }
            if k < n { #expect(try BinomialTail.cdf(k, n: n, p: Rational(exactly: i.upper)) <= half) } else { #expect(i.upper == 1) }
        }
    }

    /// The coverage of the whole procedure at p, Σ_k P_p(X = k)·[p ∈ CI(k)], computed exactly
    /// over every outcome k: at least 1 − α for every p tried, including p at the ends.
    @Test func exactCoverageIsAtLeastTheConfidence() throws {
        let confidence = try Level(try Rational(numerator: 9, denominator: 10))
        for n in [1, 7, 30] {
            let intervals = try (0...n).map { try ClopperPearson.interval(successes: $0, of: n, confidence: confidence) }
            for p in [0.0, 1e-6, 0.05, 0.3, 0.5, 0.77, 0.999, 1.0] {
                let exact = try Rational(exactly: p)
                var covered = Rational.zero
                for k in 0...n where intervals[k].contains(p) {
                    covered += try BinomialTail.cdf(k, n: n, p: exact) - BinomialTail.cdf(k - 1, n: n, p: exact)
                }
                #expect(covered >= confidence.value, "n = \(n), p = \(p): coverage \(covered.doubleValue())")
            }
        }
    }

    @Test func refusals() throws {
        #expect(throws: StatisticsError.self) { try ClopperPearson.interval(successes: 0, of: 0, confidence: .ninetyFivePercent) }
        #expect(throws: StatisticsError.self) { try ClopperPearson.interval(successes: 4, of: 3, confidence: .ninetyFivePercent) }
        #expect(throws: StatisticsError.self) { try ClopperPearson.interval(successes: -1, of: 3, confidence: .ninetyFivePercent) }
    }
}
