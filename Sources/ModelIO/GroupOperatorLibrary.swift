import Diagnostics
import ExactArithmetic
import Foundation
import SpikingOperators

/// A group operator named on the command line: one of STA's released operators by its short
/// name (gelu, exp, inv, sqrtinv) or a JSON file (GroupOperatorFile's format). Released
/// operators know the function they stand for (the GELU one was fitted to QuickGELU).
public enum GroupOperatorLibrary {
    /// The released operators: short name, resource name, function.
    public static let released: [(name: String, resource: String, function: ElementaryFunction)] = [
        ("gelu", "distilled_gelu_64", .quickGelu),
        ("exp", "distilled_exp_32", .exp),
        ("inv", "distilled_inv_64", .reciprocal),
        ("sqrtinv", "distilled_sqrtinv_8", .rsqrt),
    ]

    /// The operator and, when known, its function: a released name, or a file path whose name
    /// contains a released resource name.
    public static func load(_ nameOrPath: String) throws -> (group: GroupOperator, function: ElementaryFunction?) {
        if let entry = released.first(where: { $0.name == nameOrPath || $0.resource == nameOrPath }) {
            guard let url = Bundle.module.url(forResource: entry.resource, withExtension: "json", subdirectory: "sta-group-operators") else {
                throw ModelError("the released group operator \(entry.resource).json is missing from the package's resources")
            }
            return (try read(url, name: entry.resource), entry.function)
        }
        let url = URL(fileURLWithPath: nameOrPath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ModelError("\(nameOrPath): no such file, and not a released operator (\(released.map(\.name).joined(separator: ", ")))")
        }
        let base = url.deletingPathExtension().lastPathComponent
        return (try read(url, name: base), released.first { base.contains($0.resource) }?.function)
    }

    static func read(_ url: URL, name: String) throws -> GroupOperator {
        let data = try InputFile.read(url)
        return try GroupOperatorFile.parse(try JSONParser.parse(bytes: Array(data)), name: name)
    }
}
