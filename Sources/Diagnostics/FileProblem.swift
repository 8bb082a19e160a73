import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why a file named by a user could not be read or written: one line, the path as given and the
/// reason, such as "inputs.safetensors: is a folder, not a file".
public struct FileProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(_ path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)".escapingLineBreaks }

    /// The system's reason for a Foundation file error (its POSIX cause where it has one).
    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return ns.localizedDescription
    }
}
