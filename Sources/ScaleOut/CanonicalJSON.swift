import Foundation

/// The JSON of calibration files and shards: keys sorted, Doubles in their shortest
/// round-tripping form (non-finite ones as the strings "inf", "-inf", "nan"), so that a value
/// written and read back is the same value bit for bit and the same value always gives the
/// same bytes (the calibration's content hash is taken over them).
enum CanonicalJSON {
    static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(type, from: data)
    }

    /// A decoding error as a short reason (the path to the bad value and what was wrong).
    static func reason(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "" : " at \(p)"
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context): return "missing \"\(key.stringValue)\"\(path(context))"
        case DecodingError.typeMismatch(_, let context): return "\(context.debugDescription)\(path(context))"
        case DecodingError.valueNotFound(_, let context): return "a value is missing\(path(context))"
        case DecodingError.dataCorrupted(let context): return "\(context.debugDescription)\(path(context))"
        default: return "\(error)"
        }
    }
}
