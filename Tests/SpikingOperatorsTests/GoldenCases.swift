import ExactArithmetic
import Foundation
import PropertyTestSupport
import ModelIO

/// The golden vectors of the papers' public code (Fixtures/oracle, copied from shared/data).
enum GoldenCases {
    static var fixtures: URL {
        RepositoryFiles.url("Fixtures")
    }

    static func load(_ file: String) throws -> [JSONValue] {
        let url = fixtures.appendingPathComponent("oracle").appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw JSONError("cannot read \(url.path)")
        }
        return try JSONParser.parse(bytes: Array(data))["cases"]?.arrayValue ?? []
    }

    /// Nested arrays of numbers as a flat list of exact rationals.
    static func flat(_ value: JSONValue?) -> [Rational] {
        guard let value else { return [] }
        if let items = value.arrayValue { return items.flatMap { flat($0) } }
        return value.rationalValue.map { [$0] } ?? []
    }

    static func shape(_ value: JSONValue?) -> [Int] {
        var shape: [Int] = []
        var probe = value
        while let items = probe?.arrayValue {
            shape.append(items.count)
            probe = items.first
        }
        return shape
    }
}
