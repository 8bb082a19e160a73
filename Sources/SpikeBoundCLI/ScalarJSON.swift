import ExactArithmetic
import ModelIO
import Tensors

/// How each arithmetic writes a value in `simulate`'s output: exact rationals as "p/q"
/// strings, intervals as {"lo", "hi"}, doubles as JSON numbers (shortest round-trip text).
protocol JSONScalar: SpikeScalar {
    var json: JSONValue { get throws }
}

extension Rational: JSONScalar {
    var json: JSONValue { .string(description) }
}

extension Interval: JSONScalar {
    var json: JSONValue { .object([.init("lo", .string(lo.description)), .init("hi", .string(hi.description))]) }
}

extension Double: JSONScalar {
    var json: JSONValue {
        get throws {
            guard isFinite else { throw InputError("a result is \(self); the double computation overflowed or divided by zero") }
            return .number(description)
        }
    }
}

extension Tensor where Scalar: JSONScalar {
    /// Nested arrays in row-major order (a bare value for a rank-0 tensor).
    var json: JSONValue {
        get throws {
            func build(_ depth: Int, _ offset: Int) throws -> JSONValue {
                if depth == shape.count { return try values[offset].json }
                let stride = shape[(depth + 1)...].reduce(1, *)
                return .array(try (0..<shape[depth]).map { try build(depth + 1, offset + $0 * stride) })
            }
            return try build(0, 0)
        }
    }
}
