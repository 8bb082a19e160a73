import ExactArithmetic
import Foundation
import PropertyTestSupport
import Statistics
import Tensors
import Testing

/// MCN: exact McNemar p-values against python's fractions, the difference interval's
/// coverage by simulation of two correlated classifiers, and the edges.
@Suite struct PairedProportionsTests {
    @Test func pValuesEqualTheOracle() throws {
        let cases: [(Int, Int, String)] = [(0, 5, "1/16"), (3, 3, "1"), (10, 2, "79/2048"), (0, 0, "1"), (25, 12, "807986899/17179869184")]
        for (b, c, p) in cases {
            let m = try PairedProportions(firstOnly: b, secondOnly: c, of: 50, confidence: .ninetyFivePercent)
            #expect(m.pValue == (try Rational(parsing: p)).doubleValue(rounding: .up), "b = \(b), c = \(c)")
            #expect(m.difference.contains(m.observed))
        }
    }

    /// Two classifiers whose right answers are correlated, with known accuracies: the
    /// interval on the difference misses the true difference in at most α plus three standard
    /// errors of the simulated rate.
    @Test func differenceCoverageBySimulation() throws {
        let trials = PropertyRun.caseOverride.map { Swift.max($0, 100) } ?? 1500
        let confidence = try Level(try Rational(numerator: 9, denominator: 10))
        let alpha = 0.1, allowed = alpha + 3 * (alpha * (1 - alpha) / Double(trials)).squareRoot()
        // P(both right), P(first only), P(second only), P(both wrong).
        for (cells, n) in [([0.6, 0.15, 0.05, 0.2], 60), ([0.3, 0.0, 0.3, 0.4], 25), ([0.9, 0.05, 0.05, 0.0], 200)] {
            let truth = cells[1] - cells[2]
            var g = SplitMix(state: PropertyRun.seed ^ UInt64(n))
            var misses = 0
            for _ in 0..<trials {
                var b = 0, c = 0
                for _ in 0..<n {
                    let u = Double(g.next() >> 11) * 0x1p-53
                    if u >= cells[0] && u < cells[0] + cells[1] { b += 1 } else if u >= cells[0] + cells[1] && u < cells[0] + cells[1] + cells[2] { c += 1 }
                }
                let m = try PairedProportions(firstOnly: b, secondOnly: c, of: n, confidence: confidence)
                if !m.difference.contains(truth) { misses += 1 }
            }
            let rate = Double(misses) / Double(trials)
            #expect(rate <= allowed, "cells \(cells), n = \(n): missed in \(rate), allowed \(allowed)")
        }
    }

    @Test func edgesAndRefusals() throws {
        let none = try PairedProportions(firstOnly: 0, secondOnly: 0, of: 1, confidence: .ninetyFivePercent)
        #expect(none.pValue == 1 && none.observed == 0 && none.difference.lower >= -1 && none.difference.upper <= 1)
        let all = try PairedProportions(firstOnly: 20, secondOnly: 0, of: 20, confidence: .ninetyFivePercent)
        #expect(all.difference.upper == 1 && all.pValue < 1e-5)
        // Lower end: the 97.5% Clopper–Pearson ends of 20/20 and 0/20, 0.0125^(1/20) − (1 − 0.0125^(1/20)).
        let root = pow(0.0125, 1.0 / 20)
        #expect(abs(all.difference.lower - (2 * root - 1)) < 1e-8, "\(all.difference.lower)")
        #expect(throws: StatisticsError.self) { try PairedProportions(firstOnly: 3, secondOnly: 3, of: 5, confidence: .ninetyFivePercent) }
        #expect(throws: StatisticsError.self) { try PairedProportions(firstOnly: -1, secondOnly: 0, of: 5, confidence: .ninetyFivePercent) }
        #expect(throws: StatisticsError.self) { try PairedProportions(firstOnly: 0, secondOnly: 0, of: 0, confidence: .ninetyFivePercent) }
    }
}
