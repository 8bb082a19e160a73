import Bounds
import Statistics

/// The population statement of a pipeline (POP-OS): at which coverage and confidence the
/// per-layer population bounds are made, from how many certified inputs, and the assumption
/// they rest on.
public struct PopulationSummary: Codable, Sendable, Equatable {
    /// q: the fraction of the population a bound covers.
    public var coverage: String
    /// 1 − δ.
    public var confidence: String
    /// The certified inputs the bounds are order statistics of.
    public var inputs: Int
    /// The order statistic used (U_(rank) of `inputs`); nil when the inputs are too few.
    public var rank: Int?
    /// The fewest certified inputs for which a bound exists at this coverage and confidence.
    public var needed: Int
    /// The one assumption that is not certified.
    public var assumption: String
    /// Per T, a lower bound L such that at least a fraction q of inputs have a feature cosine
    /// (SNN against the exact ANN, B-COS) ≥ L; nil where the pooling is not covered or no rank.
    public var featureCosine: [CosineStep]? = nil

    public struct CosineStep: Codable, Sendable, Equatable {
        public var T: Int
        public var lower: Double
    }

    /// The cosine steps from the certified inputs, when every input has an enclosure at every T.
    mutating func setFeatureCosine(_ certified: [CertifiedSample]) {
        guard let rank, let steps = certified.first?.steps.map(\.T) else { return }
        var out = [CosineStep]()
        for T in steps {
            let lowers = certified.compactMap { c in c.steps.first { $0.T == T }?.featureCosine?.lower }
            guard lowers.count == certified.count, rank <= lowers.count else { return }
            // The lower statement mirrors the upper one: the (n − r + 1)th smallest lower bound.
            out.append(CosineStep(T: T, lower: lowers.sorted()[lowers.count - rank]))
        }
        featureCosine = out
    }

    public static let assumptionText = "the inputs are an independent sample of the population the claim is about"

    /// The summary of `n` certified inputs at a coverage and confidence.
    public init(inputs n: Int, coverage: Level, confidence: Level) throws {
        self.coverage = coverage.description
        self.confidence = confidence.description
        inputs = n
        rank = n > 0 ? try OrderStatisticBound.rank(n: n, coverage: coverage, confidence: confidence) : nil
        needed = try OrderStatisticBound.samplesNeeded(coverage: coverage, confidence: confidence)
        assumption = Self.assumptionText
    }

    /// "with 95% confidence, at least 95% of inputs".
    public var sentence: String {
        "with confidence \(Self.percent(confidence)), at least \(Self.percent(coverage)) of inputs from the same population"
    }

    /// "the largest" for rank n of n, else "the 81st smallest".
    public static func orderStatistic(_ rank: Int, of n: Int) -> String {
        if rank == n { return "the largest" }
        let suffix = (11...13).contains(rank % 100) ? "th" : (rank % 10 == 1 ? "st" : rank % 10 == 2 ? "nd" : rank % 10 == 3 ? "rd" : "th")
        return "the \(rank)\(suffix) smallest"
    }

    static func percent(_ level: String) -> String {
        guard let v = Double(level) else { return level }
        return percent(v)
    }

    /// "95%" for 0.95.
    static func percent(_ v: Double) -> String {
        let p = v * 100
        return (p == p.rounded() ? String(Int(p)) : short(p)) + "%"
    }
}

/// One layer at one T: the population bounds of its certified errors (B-CERT), the rank-th
/// smallest of the certified inputs' bounds.
public struct PopulationStep: Codable, Sendable, Equatable {
    /// On max |SNN − ANN| over an input's kept entries.
    public var maxAbs: Double
    /// On an input's ‖SNN − ANN‖₂ / ‖ANN‖₂.
    public var relative: Double

    /// The step's bounds from the certified inputs' values, or nil when no rank exists.
    static func from(_ layers: [CertifiedLayer], rank: Int?) -> PopulationStep? {
        guard let rank, rank >= 1, rank <= layers.count else { return nil }
        return PopulationStep(maxAbs: layers.map(\.bound).sorted()[rank - 1], relative: layers.map(\.relativeBound).sorted()[rank - 1])
    }
}
