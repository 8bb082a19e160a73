import Foundation
import PropertyTestSupport
import Reports
import Testing

/// `spikebound report` on the fixed tiny model (Fixtures/tiny-bert, its inputs from a fixed
/// seed), run as a user runs it, once per test process and per name.
enum TinyReport {
    /// Both pipelines, the default T grid, ECMT's a priori bound and the first input certified.
    static let arguments = ["report", "--model", "Fixtures/tiny-bert", "--a-priori", "ecmt:1", "--certify", "1", "--quiet"]

    static let first = Result { try make() }
    static let second = Result { try make() }
    /// The same report with the process pinned to one core (`taskset -c 0`): the parallel row
    /// splits and the inputs' threads differ, the report must not.
    static let oneCore = Result { try make(pinned: true) }

    /// Runs the report into a new temporary folder and returns the folder.
    static func make(pinned: Bool = false) throws -> URL {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-report-\(UUID().uuidString)")
        let r = pinned
            ? try CommandRunner.run(
                via: "/usr/bin/taskset", ["-c", "0", try #require(CommandRunner.executable).path] + arguments + ["--out", out.path],
                in: RepositoryFiles.root)
            : try CommandRunner.run(arguments + ["--out", out.path], in: RepositoryFiles.root)
        guard r.status == 0 else { throw ReportRunFailed(description: "spikebound report exited \(r.status): \(r.stderr)") }
        return out
    }

    struct ReportRunFailed: Error, CustomStringConvertible { let description: String }

    static func text(_ folder: URL, _ file: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
    }

    /// The report without its date (the one value two runs of the same checkout may differ in).
    static func withoutDate(_ text: String) -> String {
        replacing(#""date" : "[^"]*""#, in: text, with: #""date" : "DATE""#)
            .replacingOccurrences(of: #", [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"#, with: ", DATE", options: .regularExpression)
    }

    /// The report without what depends on the machine and the checkout: the date, the git
    /// revision, the compiler, GMP and BLAS. What is left is fixed by the code, the model and
    /// the seed.
    static func portable(_ text: String) -> String {
        var out = withoutDate(text)
        for key in ["gitRevision", "swift", "gmp", "blas"] {
            out = replacing(#""\#(key)" : "[^"]*""#, in: out, with: #""\#(key)" : "\#(key.uppercased())""#)
        }
        // report.md's provenance line names the revision.
        return replacing("at `[^`]*`, DATE", in: out, with: "at `REVISION`, DATE")
    }

    static func replacing(_ pattern: String, in text: String, with replacement: String) -> String {
        text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
    }

    /// The first run's report, decoded, for planting problems.
    static func report() throws -> Report {
        let data = try Data(contentsOf: try first.get().appendingPathComponent("report.json"))
        return try ReportJSON.decode(Report.self, data, what: "report.json")
    }

    /// report.json as a JSON object, for damage below the model's level.
    static func object() throws -> [String: Any] {
        let data = try Data(contentsOf: try first.get().appendingPathComponent("report.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Writes text to a new temporary file.
    static func write(_ text: String, name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-\(UUID().uuidString)-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func write(_ report: Report, name: String) throws -> URL { try write(try ReportJSON.encode(report), name: name) }

    static func write(json object: Any, name: String) throws -> URL {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted])
        return try write(String(decoding: data, as: UTF8.self), name: name)
    }
}

/// The cores this test process may use (the report's pinned run needs at least 2 to differ).
enum ParallelRowsCores {
    static var machine: Int { ProcessInfo.processInfo.activeProcessorCount }
}
