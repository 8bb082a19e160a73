import ExactArithmetic
import ModelIO
import Tensors

/// Typed access to a JSON spec whose every error names the field, e.g.
/// "parameters.lambdaPositive: expected a number, got a string".
struct SpecReader {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String = "") {
        self.value = value
        self.path = path
    }

    func field(_ key: String) -> SpecReader? {
        value[key].map { SpecReader($0, path: path.isEmpty ? key : path + "." + key) }
    }

    func required(_ key: String) throws -> SpecReader {
        guard let f = field(key) else { throw InputError("\(name(key)): missing") }
        return f
    }

    func name(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    func wrong(_ expected: String) -> InputError {
        InputError("\(path): expected \(expected), got \(value.kind)")
    }

    var rational: Rational {
        get throws {
            guard case .number = value, let r = value.rationalValue else { throw wrong("a number") }
            return r
        }
    }

    var positiveRational: Rational {
        get throws {
            let r = try rational
            guard r.sign > 0 else { throw InputError("\(path): must be > 0, got \(r)") }
            return r
        }
    }

    var int: Int {
        get throws {
            let r = try rational
            guard r.isInteger, let n = Int(r.description) else { throw InputError("\(path): expected an integer, got \(r)") }
            return n
        }
    }

    var bool: Bool {
        get throws {
            guard let b = value.boolValue else { throw wrong("true or false") }
            return b
        }
    }

    var string: String {
        get throws {
            guard let s = value.stringValue else { throw wrong("a string") }
            return s
        }
    }

    func oneOf(_ allowed: [String]) throws -> String {
        let s = try string
        guard allowed.contains(s) else {
            throw InputError("\(path): \"\(s)\" is not one of \(allowed.joined(separator: ", "))")
        }
        return s
    }

    var array: [SpecReader] {
        get throws {
            guard let items = value.arrayValue else { throw wrong("an array") }
            return items.enumerated().map { SpecReader($1, path: "\(path)[\($0)]") }
        }
    }

    var rationalVector: [Rational] {
        get throws { try array.map { try $0.rational } }
    }

    /// A number, or nested arrays of numbers with a rectangular shape.
    var tensor: Tensor<Rational> {
        get throws {
            var shape: [Int] = []
            var probe = value
            while case .array(let items) = probe {
                shape.append(items.count)
                guard let first = items.first else { break }
                probe = first
            }
            var values: [Rational] = []
            func collect(_ v: JSONValue, _ depth: Int, _ where_: String) throws {
                if depth == shape.count {
                    guard case .number = v, let r = v.rationalValue else {
                        throw InputError("\(where_): expected a number, got \(v.kind)")
                    }
                    values.append(r)
                    return
                }
                guard let items = v.arrayValue, items.count == shape[depth] else {
                    throw InputError("\(where_): not a rectangular array (expected \(shape[depth]) entries)")
                }
                for (i, item) in items.enumerated() { try collect(item, depth + 1, "\(where_)[\(i)]") }
            }
            try collect(value, 0, path)
            do { return try Tensor(shape: shape, values: values) } catch { throw InputError("\(path): \(error)") }
        }
    }

    /// Rejects members other than `allowed`, naming the first unknown one.
    func allowOnly(_ allowed: [String]) throws {
        if let unknown = value.keys.first(where: { !allowed.contains($0) }) {
            throw InputError("\(name(unknown)): unknown field (expected one of \(allowed.joined(separator: ", ")))")
        }
    }
}
