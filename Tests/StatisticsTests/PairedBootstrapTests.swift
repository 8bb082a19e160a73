import ExactArithmetic
import Foundation
import PropertyTestSupport
import Statistics
import Tensors
import Testing

/// BOOT: repeatable resamples, the interval's contract (ordered, inside the resampled values,
/// degenerate resamples counted), and an approximate coverage check on a known mean.
@Suite struct PairedBootstrapTests {
    @Test func sameSeedSameResamplesAndPairing() throws {
        let a = try PairedBootstrap(items: 30, resamples: 50, seed: 7), b = try PairedBootstrap(items: 30, resamples: 50, seed: 7)
        #expect(a.resamples == b.resamples)
        #expect(a.resamples != (try PairedBootstrap(items: 30, resamples: 50, seed: 8)).resamples)
        #expect(a.resamples.allSatisfy { $0.count == 30 && $0.allSatisfy { (0..<30).contains($0) } })
        // A paired difference of identical statistics is exactly 0 on every resample.
        let x = (0..<30).map { Double($0 * $0 % 17) }
        let zero = try #require(a.interval(confidence: .ninetyFivePercent) { idx in mean(idx.map { x[$0] }) - mean(idx.map { x[$0] }) })
        #expect(zero.lower == 0 && zero.upper == 0 && zero.discarded == 0)
    }

    @Test func degenerateResamplesAreCountedOrRefused() throws {
        let boot = try PairedBootstrap(items: 3, resamples: 400, seed: 1)
        // Non-finite on resamples that repeat item 0 three times (1/27 of them).
        let some = try #require(boot.interval(confidence: .ninetyFivePercent) { idx in idx.allSatisfy { $0 == 0 } ? .nan : Double(idx.reduce(0, +)) })
        #expect(some.discarded > 0 && some.discarded < 40 && some.lower <= some.upper)
        #expect(boot.interval(confidence: .ninetyFivePercent) { _ in .nan } == nil)
        #expect(throws: StatisticsError.self) { try PairedBootstrap(items: 0) }
        #expect(throws: StatisticsError.self) { try PairedBootstrap(items: 4, resamples: 0) }
    }

    /// Approximate by nature: the 90% interval of a mean of 40 uniform draws covers the true
    /// mean ½ in at least 80% of 300 samples (the percentile bootstrap undercovers a little at
    /// small n; this guards against a broken interval, not a certified rate).
    @Test func approximateCoverageOfAMean() throws {
        let confidence = try Level(try Rational(numerator: 9, denominator: 10))
        var g = SplitMix(state: PropertyRun.seed)
        var covered = 0
        let trials = 300
        for t in 0..<trials {
            let x = (0..<40).map { _ in Double(g.next() >> 11) * 0x1p-53 }
            let boot = try PairedBootstrap(items: 40, resamples: 400, seed: UInt64(t))
            let i = try #require(boot.interval(confidence: confidence) { idx in mean(idx.map { x[$0] }) })
            if i.contains(0.5) { covered += 1 }
        }
        #expect(Double(covered) / Double(trials) >= 0.8, "covered \(covered) of \(trials)")
    }

    func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
}
