import Diagnostics
import ExactArithmetic

/// A JSON document that keeps each number as the exact text it was written with, so that
/// "0.1" reads as the rational 1/10 and not as its binary neighbour.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's literal text, validated against the JSON grammar.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order (duplicate keys are rejected by the parser).
    case object([Member])

    public struct Member: Sendable, Equatable {
        public let key: String
        public let value: JSONValue

        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The exact rational a number spells.
    public var rationalValue: Rational? {
        guard case .number(let text) = self else { return nil }
        return try? Rational(parsing: text)
    }

    public var keys: [String] {
        if case .object(let members) = self { return members.map(\.key) }
        return []
    }

    public var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number(let text):
            // JSON's grammar admits any exponent; Rational reads exponents up to ±100000.
            do { _ = try Rational(parsing: text) } catch { return "a number out of range (\(error))" }
            return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A problem with a JSON document, naming where it is.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description.escapingLineBreaks }
}
