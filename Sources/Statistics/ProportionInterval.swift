/// A two-sided confidence interval on a proportion or a difference, with how it was made.
public struct ProportionInterval: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double
    /// The confidence the interval is made for (1 − α), as a decimal.
    public var confidence: Double

    public init(lower: Double, upper: Double, confidence: Double) {
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
    }

    public func contains(_ x: Double) -> Bool { lower <= x && x <= upper }
}
