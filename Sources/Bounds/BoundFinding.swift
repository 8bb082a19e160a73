import ExactArithmetic

/// Something a bound computation found that a user must see: saturation (a neuron's input
/// range beyond what it can emit, so the error does not vanish with T), an input range a
/// neuron cannot represent.
public struct BoundFinding: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case saturation
        /// Single steps may pass a top level while the running means stay inside (B-PSUM).
        case transientSaturation = "transient-saturation"
        case unrepresentable
    }

    public let kind: Kind
    /// Where: an operator or a site name.
    public let site: String
    public let message: String

    public init(_ kind: Kind, site: String, _ message: String) {
        self.kind = kind
        self.site = site
        self.message = message
    }

    public var description: String { "\(kind.rawValue) at \(site): \(message)" }
}

/// Bad parameters or domains given to a bound.
public enum BoundError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidParameter(String)
    case domain(String)

    public var description: String {
        switch self {
        case .invalidParameter(let what): return "invalid parameter: \(what)"
        case .domain(let what): return "bad domain: \(what)"
        }
    }
}
