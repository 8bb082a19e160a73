/// A statistical computation asked of values it is not defined for: one line naming the value.
public struct StatisticsError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
