import Diagnostics
import Foundation

/// How report.json and tolerance configs are written and read: pretty, keys sorted, slashes
/// unescaped, non-finite numbers as the strings "inf", "-inf" and "nan", ending in a newline.
/// The same values give the same bytes, so two runs differ only where their values do.
public enum ReportJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Reads a report.json; a missing file, bad JSON, another schema or a missing field is one
    /// line naming the file and the problem.
    public static func report(at path: String, role: String = "report") throws -> Report {
        try report(data: try read(path, role: role), what: "\(role) \(path)")
    }

    /// A report.json's bytes; `what` names it in errors ("report PATH").
    public static func report(data: Data, what: String) throws -> Report {
        if let schema = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let id = schema["schema"] as? String,
            !Report.readable.contains(id) {
            let older = Report.readable.filter { $0 != Report.schemaID }.reversed().map { "\"\($0)\"" }.joined(separator: " or ")
            throw ReportError("\(what): schema is \"\(id)\", expected \"\(Report.schemaID)\" (or \(older))")
        }
        return try decode(Report.self, data, what: what)
    }

    public static func tolerances(at path: String) throws -> Tolerances {
        try decode(Tolerances.self, try read(path, role: "tolerances"), what: "tolerances \(path)")
    }

    static func read(_ path: String, role: String) throws -> Data {
        do { return try InputFile.read(URL(fileURLWithPath: path)) } catch { throw ReportError("\(role) \(error)") }
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ data: Data, what: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(type, from: data)
        } catch let error as ReportError {
            throw ReportError("\(what): \(error.description)")
        } catch let error as DecodingError {
            throw ReportError("\(what): \(describe(error))")
        } catch {
            throw ReportError("\(what): \(error)")
        }
    }

    /// A decoding error as "at pipelines[0].layers: missing field "steps"".
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath)
            return "missing field \"\(key.stringValue)\"" + (at.isEmpty ? "" : " in \(at)")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is not a \(type)" + (context.debugDescription.isEmpty ? "" : " (\(context.debugDescription))")
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as? ReportError { return underlying.description }
            let at = path(context.codingPath)
            return (at.isEmpty ? "not valid JSON" : "\(at): \(context.debugDescription)")
        @unknown default:
            return "\(error)"
        }
    }
}

/// Refuses members a decoder does not know, so that a misspelt limit is an error, not a no-op.
struct AnyKey: CodingKey {
    let stringValue: String
    let intValue: Int? = nil
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// Throws on a field not in `known`; `what` names the object (nil at the top of a file,
    /// whose name the caller prefixes).
    func rejectUnknownKeys(_ known: [String], in what: String?) throws {
        let keys = try container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let unknown = keys.sorted().first(where: { !known.contains($0) }) {
            throw ReportError((what.map { "\($0): " } ?? "") + "unknown field \"\(unknown)\" (known: \(known.joined(separator: ", ")))")
        }
    }
}
