import Tensors

/// The paired percentile bootstrap (BOOT, proofs/statistics/BOOT.md): an *approximate*
/// confidence interval for statistics with no exact one, such as Spearman's ρ of a similarity
/// task and its drop from the ANN to the SNN.
///
/// The n items (pairs of texts) are resampled with replacement `resamples` times; every
/// statistic of one study (the ANN's ρ, the SNN's at each T, their differences) is evaluated on
/// the *same* resamples, so that a drop is paired, not the difference of two independent
/// intervals. The interval is the (α/2, 1 − α/2) percentiles of the finite resampled values.
/// Its coverage is 1 − α only asymptotically, under the assumption that the items are an
/// independent sample of the population; it is reported as approximate, never as certified.
public struct PairedBootstrap: Sendable {
    /// Each resample's item indices.
    public let resamples: [[Int]]
    public let items: Int
    public let seed: UInt64

    public static let defaultResamples = 2000
    public static let defaultSeed: UInt64 = 0

    /// Draws the resamples with SplitMix64 from `seed` (the same seed gives the same resamples).
    public init(items n: Int, resamples count: Int = defaultResamples, seed: UInt64 = defaultSeed) throws {
        guard n >= 1 else { throw StatisticsError("a bootstrap needs at least one item, got \(n)") }
        guard count >= 1 else { throw StatisticsError("a bootstrap needs at least one resample, got \(count)") }
        var generator = SplitMix(state: seed)
        resamples = (0..<count).map { _ in (0..<n).map { _ in Int(generator.next() % UInt64(n)) } }
        items = n
        self.seed = seed
    }

    /// The percentile interval of `statistic` over the resamples. A resample where the statistic
    /// is not finite (a correlation of a constant resample) is left out and counted; nil when
    /// fewer than half the resamples give a finite value (the interval would say nothing).
    public func interval(confidence: Level, _ statistic: ([Int]) -> Double) -> BootstrapInterval? {
        interval(confidence: confidence, values: resamples.map(statistic))
    }

    /// The same from the statistic's value on each resample, in resample order (so that values
    /// computed once, such as the ANN's, can be paired with several others).
    public func interval(confidence: Level, values all: [Double]) -> BootstrapInterval? {
        guard all.count == resamples.count else { return nil }
        let values = all.filter(\.isFinite).sorted()
        guard values.count * 2 >= resamples.count, !values.isEmpty else { return nil }
        let alpha = confidence.complement.doubleValue()
        // Percentiles by the nearest-rank rule, widened outward: ranks ⌊(α/2)·m⌋ and ⌈(1 − α/2)·m⌉ − 1.
        let m = Double(values.count)
        let lo = Swift.max(0, Int((alpha / 2 * m).rounded(.down)))
        let hi = Swift.min(values.count - 1, Int(((1 - alpha / 2) * m).rounded(.up)) - 1)
        return BootstrapInterval(
            lower: values[Swift.min(lo, hi)], upper: values[Swift.max(lo, hi)], confidence: confidence.doubleValue,
            resamples: resamples.count, discarded: resamples.count - values.count)
    }
}

/// A bootstrap percentile interval: approximate, with its resample counts.
public struct BootstrapInterval: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double
    public var confidence: Double
    public var resamples: Int
    /// Resamples whose statistic was not finite.
    public var discarded: Int

    public func contains(_ x: Double) -> Bool { lower <= x && x <= upper }
}
