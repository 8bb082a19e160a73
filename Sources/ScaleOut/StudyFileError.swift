import Diagnostics

/// A calibration file, a shard or a merge that cannot be used: one line naming the file and
/// what is wrong with it.
public struct StudyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description.escapingLineBreaks }
}
