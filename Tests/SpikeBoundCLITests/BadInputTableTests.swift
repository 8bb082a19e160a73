import Foundation
import PropertyTestSupport
import Testing

/// docs/reliability.md's bad-input table, row by row: the exact one-line message and exit code
/// of each bad input (BadInputRows), and the docs holding exactly these rows.
@Suite struct BadInputTableTests {
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test(arguments: BadInput.all)
    func eachBadInputGetsItsLineAndExitCode(_ row: BadInput) throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        try row.setup(folder)
        let before = Set(try FileManager.default.subpathsOfDirectory(atPath: folder.path))
        let result = try CommandRunner.run(row.arguments, in: folder)
        #expect(result.status == row.exit, "\(row.input): exit \(result.status), \(result.stderr)")
        if let message = row.message {
            #expect(result.stderr == "spikebound: error: \(message)\n", "\(row.input)")
            // A refused command leaves the folder as it found it: no output and no temporary file.
            let after = Set(try FileManager.default.subpathsOfDirectory(atPath: folder.path))
            #expect(after == before, "\(row.input) left \(after.subtracting(before).sorted())")
        } else {
            #expect(result.stderr.isEmpty, "\(row.input): \(result.stderr)")
            #expect(!result.stdout.isEmpty)
        }
    }

    /// The output folder keeps its old report whole when a new one cannot be written.
    @Test func aFailedReportLeavesTheOldOneWhole() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        try BadInput.model(folder)
        let out = folder.appendingPathComponent("out")
        #expect(try CommandRunner.run(BadInput.reportTiny + ["--out", "out"], in: folder).status == 0)
        let old = try ["report.json", "report.md", "index.html"].map { try Data(contentsOf: out.appendingPathComponent($0)) }
        // index.html replaced by a folder: the new report.json and report.md must not land either.
        try FileManager.default.removeItem(at: out.appendingPathComponent("index.html"))
        try FileManager.default.createDirectory(at: out.appendingPathComponent("index.html"), withIntermediateDirectories: false)
        let failed = try CommandRunner.run(BadInput.reportTiny + ["--out", "out", "--name", "other"], in: folder)
        #expect(failed.status == 2)
        #expect(failed.stderr == "spikebound: error: --out: out/index.html: is a folder, so the file of that name cannot be written\n")
        #expect(try Data(contentsOf: out.appendingPathComponent("report.json")) == old[0])
        #expect(try Data(contentsOf: out.appendingPathComponent("report.md")) == old[1])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["index.html", "report.json", "report.md"])
    }

    /// The table between docs/reliability.md's markers is exactly the rows' rendering;
    /// SPIKEBOUND_UPDATE_GOLDEN=1 rewrites it.
    @Test func theDocsHoldTheTable() throws {
        let url = RepositoryFiles.url("docs/reliability.md")
        let docs = try String(contentsOf: url, encoding: .utf8)
        let open = "<!-- bad-input-table -->\n", close = "<!-- /bad-input-table -->"
        let start = try #require(docs.range(of: open), "docs/reliability.md has no \(open)")
        let end = try #require(docs.range(of: close, range: start.upperBound..<docs.endIndex))
        let table = (["| input | command | standard error (after `spikebound: error: `) | exit |", "|---|---|---|---:|"]
            + BadInput.all.map(\.row)).joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["SPIKEBOUND_UPDATE_GOLDEN"] == "1" {
            try (docs[..<start.upperBound] + table + docs[end.lowerBound...]).write(to: url, atomically: true, encoding: .utf8)
        } else {
            #expect(String(docs[start.upperBound..<end.lowerBound]) == table)
        }
    }
}
