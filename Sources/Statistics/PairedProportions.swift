import ExactArithmetic

/// Two classifiers scored on the same n examples (the ANN and the SNN at one T): the exact
/// McNemar test of equal accuracy and a confidence interval on the accuracy difference (MCN,
/// proofs/statistics/MCN.md).
///
/// With b examples right for the first and wrong for the second and c the reverse, the
/// difference of accuracies is (b − c)/n.
/// - **McNemar, exact**: under equal accuracy, b ~ Binomial(b + c, 1/2) given b + c; the
///   two-sided p-value is min(1, 2·P(X ≤ min(b, c))), computed exactly (STAT-BIN) and rounded up.
/// - **Interval on the difference**: Clopper–Pearson intervals at confidence 1 − α/2 on the
///   proportions b/n and c/n (CI-CP); by the union bound both hold at once with probability
///   ≥ 1 − α, and then (b − c)/n's expectation lies in [L_b − U_c, U_b − L_c]. Conservative:
///   its coverage is at least 1 − α for every joint distribution, not approximately 1 − α.
public struct PairedProportions: Sendable, Equatable {
    /// Right for the first, wrong for the second.
    public let firstOnly: Int
    /// Wrong for the first, right for the second.
    public let secondOnly: Int
    public let n: Int
    /// The exact two-sided McNemar p-value, rounded up.
    public let pValue: Double
    /// On first − second accuracy.
    public let difference: ProportionInterval

    /// Throws for n < 1 or counts that do not fit in n.
    public init(firstOnly b: Int, secondOnly c: Int, of n: Int, confidence: Level) throws {
        guard n >= 1, b >= 0, c >= 0, b + c <= n else {
            throw StatisticsError("discordant counts \(b) and \(c) of \(n) examples")
        }
        firstOnly = b
        secondOnly = c
        self.n = n
        let tail = try BinomialTail.cdf(Swift.min(b, c), n: b + c, p: Rational.powerOfTwo(-1))
        pValue = Swift.min(.one, tail * Rational(2)).doubleValue(rounding: .up)
        let half = try Level(.one - (try confidence.complement / Rational(2)))
        let pb = try ClopperPearson.interval(successes: b, of: n, confidence: half)
        let pc = try ClopperPearson.interval(successes: c, of: n, confidence: half)
        difference = ProportionInterval(
            lower: Swift.max(-1, Self.down(pb.lower - pc.upper)), upper: Swift.min(1, Self.up(pb.upper - pc.lower)),
            confidence: confidence.doubleValue)
    }

    /// The observed difference (b − c)/n.
    public var observed: Double { Double(firstOnly - secondOnly) / Double(n) }

    /// A difference of two doubles rounded outward (one ulp covers round-to-nearest).
    static func down(_ x: Double) -> Double { x.nextDown }
    static func up(_ x: Double) -> Double { x.nextUp }
}
