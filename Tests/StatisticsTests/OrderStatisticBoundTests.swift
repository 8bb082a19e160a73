import ExactArithmetic
import Foundation
import PropertyBased
import PropertyTestSupport
import Statistics
import Tensors
import Testing

/// POP-OS: the rank against python's fractions, its minimality, the needed sample size, the
/// edges (n = 1, ties, q near 1, δ near 0), and coverage by simulation from known distributions.
@Suite struct OrderStatisticBoundTests {
    static func level(_ text: String) throws -> Level { try Level(Rational(parsing: text)) }

    /// (n, q, confidence, rank) from scripts/statistics-oracle.py.
    @Test func ranksEqualTheOracle() throws {
        let cases: [(Int, String, String, Int?)] = [
            (59, "19/20", "19/20", 59), (83, "19/20", "19/20", 83), (100, "9/10", "19/20", 96),
            (1000, "19/20", "99/100", 966), (58, "19/20", "19/20", nil), (300, "99/100", "9/10", 300),
        ]
        for (n, q, c, r) in cases {
            #expect(try OrderStatisticBound.rank(n: n, coverage: Self.level(q), confidence: Self.level(c)) == r, "n = \(n), q = \(q), 1 − δ = \(c)")
        }
        let needed: [(String, String, Int)] = [
            ("19/20", "19/20", 59), ("99/100", "19/20", 299), ("999/1000", "19/20", 2995), ("1/2", "1/2", 1), ("19/20", "999999/1000000", 270),
        ]
        for (q, c, n) in needed {
            #expect(try OrderStatisticBound.samplesNeeded(coverage: Self.level(q), confidence: Self.level(c)) == n, "q = \(q), 1 − δ = \(c)")
        }
    }

    /// For every n, q and confidence drawn: the rank r is the smallest with
    /// P(Bin(n, q) ≤ r − 1) ≥ 1 − δ, and "none" exactly when n is below the needed size.
    @Test func rankIsMinimalAndNeededIsExact() throws {
        let levels = zip(Gen.int(in: 1...120), Gen.int(in: 1...999), Gen.int(in: 1...999)).eraseToAny()
        forAll(cases: 80, levels) { draw throws in
            let (n, qm, cm) = draw
            let q = try Level(try Rational(numerator: qm, denominator: 1000))
            let c = try Level(try Rational(numerator: cm, denominator: 1000))
            let needed = try OrderStatisticBound.samplesNeeded(coverage: q, confidence: c)
            #expect(try q.value.power(needed) <= c.complement)
            if needed > 1 { #expect(try q.value.power(needed - 1) > c.complement) }
            let r = try OrderStatisticBound.rank(n: n, coverage: q, confidence: c)
            #expect((r == nil) == (n < needed), "n = \(n), needed \(needed)")
            if let r {
                #expect(try BinomialTail.cdf(r - 1, n: n, p: q.value) >= c.value)
                if r > 1 { #expect(try BinomialTail.cdf(r - 2, n: n, p: q.value) < c.value) }
            }
        }
    }

    @Test func edges() throws {
        let half = try Self.level("1/2"), low = try Self.level("1/10")
        // n = 1: a rank exists when q ≤ 1 − δ; the bound is the one value.
        #expect(try OrderStatisticBound.upper([3.5], coverage: low, confidence: half) == .bound(value: 3.5, rank: 1, n: 1))
        #expect(try OrderStatisticBound.upper([3.5], coverage: .ninetyFivePercent, confidence: .ninetyFivePercent) == .insufficient(n: 1, needed: 59))
        // Ties: the order statistic is one of the tied values (rank 70 of 72 at q = 0.95,
        // 1 − δ = ½, by python's fractions).
        let tied = [Double](repeating: 0.25, count: 70) + [1, 2]
        #expect(try OrderStatisticBound.upper(tied, coverage: .ninetyFivePercent, confidence: half) == .bound(value: 0.25, rank: 70, n: 72))
        #expect(try OrderStatisticBound.upper(tied.reversed(), coverage: .ninetyFivePercent, confidence: half) == .bound(value: 0.25, rank: 70, n: 72))
        // q near 1 and δ near 0 want many values.
        let nearOne = try Self.level("999999/1000000")
        #expect(try OrderStatisticBound.upper(Array(repeating: 1, count: 500), coverage: nearOne, confidence: half)
            == .insufficient(n: 500, needed: 693147))
        #expect(try OrderStatisticBound.samplesNeeded(coverage: half, confidence: nearOne) == 20)
        // An unbounded input is a value like any other; NaN and an empty sample are refused.
        #expect(try OrderStatisticBound.upper([1, .infinity] + Array(repeating: 0.5, count: 98), coverage: .ninetyFivePercent,
            confidence: .ninetyFivePercent) == .bound(value: 1, rank: 99, n: 100))
        #expect(throws: StatisticsError.self) { try OrderStatisticBound.upper([.nan, 1], coverage: low, confidence: half) }
        #expect(throws: StatisticsError.self) { try OrderStatisticBound.upper([], coverage: low, confidence: half) }
        // The lower statement mirrors the upper one: at q = 0.1, P(Bin(4, 0.1) ≤ 0) = 0.6561 ≥ ½,
        // so even the largest value is a lower bound for 10% of the population.
        #expect(try OrderStatisticBound.lower([4, 1, 3, 2], coverage: low, confidence: half) == .bound(value: 4, rank: 4, n: 4))
        #expect(try OrderStatisticBound.lower([4, 1, 3, 2], coverage: try Self.level("9/10"), confidence: half) == .insufficient(n: 4, needed: 7))
        for bad in ["0", "1", "-1/2", "3/2"] { #expect(throws: StatisticsError.self) { try Self.level(bad) } }
    }

    /// Coverage by simulation: for each known distribution, 4,000 samples of n values; the
    /// fraction of samples whose bound B has F(B) < q must be at most δ plus three standard
    /// errors of that fraction (the simulation's own sampling error). The distributions: the
    /// uniform on [0, 1] (F(u) = u), an exponential, and a discrete one with heavy ties
    /// (F computed exactly from its atoms).
    @Test func coverageBySimulation() throws {
        let trials = PropertyRun.caseOverride.map { Swift.max($0, 200) } ?? 4000
        let q = try Self.level("9/10"), confidence = try Self.level("9/10")
        let delta = confidence.complement.doubleValue()
        let allowed = delta + 3 * (delta * (1 - delta) / Double(trials)).squareRoot()
        let atoms: [(value: Double, mass: Double)] = [(0, 0.5), (1, 0.35), (2, 0.1), (5, 0.05)]
        let distributions: [(name: String, draw: (inout SplitMix) -> Double, cdf: (Double) -> Double)] = [
            ("uniform", { g in Double(g.next() >> 11) * 0x1p-53 }, { min(max($0, 0), 1) }),
            ("exponential", { g in -log1p(-Double(g.next() >> 11) * 0x1p-53) }, { $0 <= 0 ? 0 : 1 - exp(-$0) }),
            ("discrete with ties", { g in
                var u = Double(g.next() >> 11) * 0x1p-53
                for a in atoms { if u < a.mass { return a.value }; u -= a.mass }
                return atoms[atoms.count - 1].value
            }, { x in atoms.filter { $0.value <= x }.map(\.mass).reduce(0, +) }),
        ]
        for n in [22, 40, 100] {
            for d in distributions {
                var g = SplitMix(state: PropertyRun.seed ^ UInt64(n))
                var misses = 0
                for _ in 0..<trials {
                    let sample = (0..<n).map { _ in d.draw(&g) }
                    guard case .bound(let b, _, _) = try OrderStatisticBound.upper(sample, coverage: q, confidence: confidence) else {
                        Issue.record("n = \(n) should be enough at 0.9/0.9")
                        return
                    }
                    if d.cdf(b) < q.doubleValue - 1e-12 { misses += 1 }
                }
                let rate = Double(misses) / Double(trials)
                #expect(rate <= allowed, "\(d.name), n = \(n): coverage failed in \(rate) of samples, allowed \(allowed)")
            }
        }
    }
}
