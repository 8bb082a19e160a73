import ExactArithmetic
import SpikingOperators
import Tensors

/// Reads a group operator from JSON: an object with arrays "W1", "b1", "W2" of equal length and
/// a number "b2" (the format of STA's released operators, e.g. distilled_gelu_64.json).
///
/// When "dtype" says float32 (the released files: "values written as the exact float64 image of
/// each float32", printed as the shortest decimal of that double), each number is read as the
/// float32 nearest to its decimal, which is the released weight exactly; otherwise numbers are
/// read as the exact decimals they spell.
public enum GroupOperatorFile {
    public static func parse(_ json: JSONValue, name: String) throws -> GroupOperator {
        let float32 = json["dtype"]?.stringValue?.hasPrefix("float32") ?? false
        func read(_ item: JSONValue) -> Rational? {
            guard let r = item.rationalValue else { return nil }
            guard float32 else { return r }
            let f = r.floatValue()
            return f.isFinite ? try? Rational(exactly: f) : nil
        }
        func vector(_ key: String) throws -> [Rational] {
            guard let items = json[key]?.arrayValue else {
                throw JSONError("\(name): \"\(key)\" must be an array of numbers")
            }
            return try items.enumerated().map { i, item in
                guard let r = read(item) else { throw JSONError("\(name): \(key)[\(i)] must be a finite number") }
                return r
            }
        }
        func scalar(_ key: String) throws -> Rational {
            if let item = json[key], let r = read(item) { return r }
            // A one-element array is accepted too.
            if let items = json[key]?.arrayValue, items.count == 1, let r = read(items[0]) { return r }
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
