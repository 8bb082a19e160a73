import Foundation
import PropertyTestSupport
import Testing

/// The report of the fixed tiny model is reproducible: two runs give the same report.json and
/// report.md byte for byte apart from the date, and both match the committed golden files
/// (Fixtures/golden/tiny-bert) apart from what depends on the machine. After an intended change
/// of the numbers, SPIKEBOUND_UPDATE_GOLDEN=1 rewrites the golden files; review their diff.
@Suite struct ReportGoldenTests {
    static let golden = RepositoryFiles.url("Fixtures/golden/tiny-bert")

    @Test(arguments: ["report.json", "report.md"])
    func twoRunsAreIdenticalApartFromTheDate(_ file: String) throws {
        let a = try TinyReport.text(try TinyReport.first.get(), file)
        let b = try TinyReport.text(try TinyReport.second.get(), file)
        #expect(TinyReport.withoutDate(a) == TinyReport.withoutDate(b))
        #expect(TinyReport.withoutDate(a) != a, "the date was not found, so the comparison did not strip it")
    }

    /// One core and two (issue 21): the same bytes apart from the date.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") && ParallelRowsCores.machine >= 2),
        arguments: ["report.json", "report.md"])
    func oneCoreAndTwoGiveTheSameReport(_ file: String) throws {
        let pinned = try TinyReport.text(try TinyReport.oneCore.get(), file)
        let free = try TinyReport.text(try TinyReport.first.get(), file)
        #expect(TinyReport.withoutDate(pinned) == TinyReport.withoutDate(free))
        let cores = try CommandRunner.run(via: "/usr/bin/taskset", ["-c", "0", "/usr/bin/nproc"])
        #expect(cores.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "taskset did not pin the process")
    }

    @Test(arguments: ["report.json", "report.md"])
    func matchesTheGoldenFile(_ file: String) throws {
        let produced = TinyReport.portable(try TinyReport.text(try TinyReport.first.get(), file))
        let url = Self.golden.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["SPIKEBOUND_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
            try produced.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        guard produced != expected else { return }
        let a = produced.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        Issue.record("""
            \(file) differs from \(url.path) from line \(line + 1):
              produced: \(line < a.count ? String(a[line]) : "<end>")
              golden:   \(line < e.count ? String(e[line]) : "<end>")
            """)
    }

    /// The three files are there, and the JSON says what it is.
    @Test func writesTheThreeFiles() throws {
        let folder = try TinyReport.first.get()
        for file in ["report.json", "report.md", "index.html"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file) missing")
        }
        let report = try TinyReport.report()
        #expect(report.schema == "spikebound-report/4")
        #expect(report.pipelines.map(\.pipeline) == ["ecmt", "sta"])
        #expect(report.provenance.model.inputs == ["input.0", "input.1", "input.2"])
        #expect(report.provenance.T == [1, 2, 4, 8, 16, 32, 64])
        let md = try TinyReport.text(folder, "report.md")
        #expect(md.contains("**Verdict: SOUND**"))
    }
}
