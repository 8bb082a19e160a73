import Diagnostics

/// A bad input to a study (a file, a folder, an option's value): one line.
public struct StudyError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description.escapingLineBreaks }
}
