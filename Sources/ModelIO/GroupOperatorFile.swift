import ExactArithmetic
import SpikingOperators
import Tensors

/// Reads a group operator from JSON: an object with arrays "W1", "b1", "W2" of equal length and
/// a number "b2" (the format of STA's released operators, e.g. distilled_gelu_64.json).
public enum GroupOperatorFile {
    public static func parse(_ json: JSONValue, name: String) throws -> GroupOperator {
        func vector(_ key: String) throws -> [Rational] {
            guard let items = json[key]?.arrayValue else {
                throw JSONError("\(name): \"\(key)\" must be an array of numbers")
            }
            return try items.enumerated().map { i, item in
                guard let r = item.rationalValue else { throw JSONError("\(name): \(key)[\(i)] must be a number") }
                return r
            }
        }
        func scalar(_ key: String) throws -> Rational {
            if let r = json[key]?.rationalValue { return r }
            // A one-element array is accepted too.
            if let items = json[key]?.arrayValue, items.count == 1, let r = items[0].rationalValue { return r }
            throw JSONError("\(name): \"\(key)\" must be a number")
        }
        let label = json["name"]?.stringValue ?? name
        do {
            return try GroupOperator(w1: try vector("W1"), b1: try vector("b1"), w2: try vector("W2"), b2: try scalar("b2"), name: label)
        } catch let error as OperatorError {
            throw JSONError("\(name): \(error)")
        }
    }
}
