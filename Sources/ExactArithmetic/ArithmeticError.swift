import Diagnostics

/// Every failure of the exact-arithmetic layer is one of these, with a one-line message.
/// Nothing in this module traps on bad input: it throws.
public enum ArithmeticError: Error, Equatable, Sendable, CustomStringConvertible {
    case divisionByZero(String)
    case zeroDenominator
    case notFinite(String)
    case malformedNumber(String, reason: String)
    case domain(String)
    case tooLarge(String)
    case emptyInterval(String)
    case shapeMismatch(String)
    case invalidPrecision(Int)

    public var description: String { message.escapingLineBreaks }

    var message: String {
        switch self {
        case .divisionByZero(let what): return "division by zero: \(what)"
        case .zeroDenominator: return "zero denominator"
        case .notFinite(let what): return "not a finite number: \(what)"
        case .malformedNumber(let text, let reason): return "malformed number '\(text)': \(reason)"
        case .domain(let what): return "outside the domain: \(what)"
        case .tooLarge(let what): return "result too large: \(what)"
        case .emptyInterval(let what): return "empty interval: \(what)"
        case .shapeMismatch(let what): return "shape mismatch: \(what)"
        case .invalidPrecision(let bits): return "precision must be between 1 and \(Precision.maximumBits) bits, got \(bits)"
        }
    }
}
