import Foundation
import PropertyTestSupport
import Testing

/// `spikebound report`'s options: each bad one is one line and exit 2, before any work.
@Suite struct ReportCommandTests {
    @Test(arguments: [
        (["--T", "0"], "T"),
        (["--T", "1,x"], "T"),
        (["--pipelines", "ecmt,snn"], "'snn' is not a pipeline"),
        (["--pipelines", ""], "is not a pipeline"),
        (["--a-priori", "ecmt:x"], "N must be an integer ≥ 0"),
        (["--a-priori", "bert:1"], "is not PIPELINE:N"),
        (["--margin=-1"], "for '--margin <M>': must be ≥ 0, got -1"),
        (["--margin", "nan"], "--margin"),
        (["--certify=-1"], "--certify"),
        (["--certify", "most"], "--certify"),
        (["--bits", "4"], "--bits must be between"),
        (["--name", "../x"], "--name must be a plain folder name"),
        (["--model", "/nonexistent"], "is not a folder"),
        (["--model", "Fixtures/bad-safetensors"], "config.json"),
        (["--model", "Fixtures/tiny-bert", "--tolerances", "/nonexistent.json"], "tolerances /nonexistent.json: no such file"),
    ])
    func badOptionIsOneLineAndExitTwo(_ arguments: [String], _ message: String) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-bad-\(UUID().uuidString)")
        let r = try CommandRunner.run(["report", "--quiet", "--out", out.path] + arguments, in: RepositoryFiles.root)
        #expect(r.status == 2, "\(arguments): exit \(r.status), \(r.stderr)")
        #expect(r.stderr.hasPrefix("spikebound: error: "), "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(arguments): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "\(arguments): wrote a report")
    }

    /// The summary names the verdict, each pipeline and the three files.
    @Test func printsTheSummaryAndThePaths() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-summary-\(UUID().uuidString)")
        let r = try CommandRunner.run(
            ["report", "--model", "Fixtures/tiny-bert", "--T", "1,8", "--a-priori", "none", "--certify", "0", "--quiet", "--out", out.path],
            in: RepositoryFiles.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "--quiet printed: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "tiny-bert: UNCHECKED (no certified bound ran (add --a-priori or --certify))", "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("  ECMT UNCHECKED: 0 of 4 layer·T checked") }, "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("  STA UNCHECKED") }, "\(r.stdout)")
        #expect(r.stdout.contains("wrote \(out.path)/report.json, \(out.path)/report.md and \(out.path)/index.html"), "\(r.stdout)")
    }

    /// By default every input's error is certified (B-CERT), so without an a priori bound
    /// every layer·T of both pipelines is still checked, and sound.
    @Test func everyInputIsCertifiedByDefault() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-certified-\(UUID().uuidString)")
        let r = try CommandRunner.run(
            ["report", "--model", "Fixtures/tiny-bert", "--T", "1,8", "--a-priori", "none", "--quiet", "--out", out.path],
            in: RepositoryFiles.root)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("tiny-bert: SOUND") == true, "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("  ECMT SOUND: 4 of 4 layer·T checked") }, "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("  STA SOUND: 4 of 4 layer·T checked") }, "\(r.stdout)")
    }

    static let script: String? = FileManager.default.isExecutableFile(atPath: "/usr/bin/script") ? "/usr/bin/script" : nil

    /// On a terminal (util-linux `script` gives the command one) the progress line shows each
    /// pipeline's stage, the time elapsed and the time left, and ends before the summary;
    /// `--quiet` and a set CI variable show none.
    @Test(.enabled(if: script != nil, "util-linux script is not installed: the terminal test is skipped"))
    func aTerminalGetsProgressAndQuietOrCIGetNone() throws {
        func onTerminal(_ extra: String, ci: Bool = false) throws -> String {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-tty-\(UUID().uuidString)")
            let log = out.path + ".log"
            let command = (ci ? "env CI=1 " : "env -u CI ") + "\(try #require(CommandRunner.executable).path) report --model Fixtures/tiny-bert "
                + "--T 1,8 --a-priori none --certify 0 --out \(out.path) \(extra)"
            let r = try CommandRunner.run(via: try #require(Self.script), ["-qec", command, log], in: RepositoryFiles.root)
            #expect(r.status == 0, "\(command): \(r.stderr)")
            return try String(contentsOfFile: log, encoding: .utf8)
        }
        let shown = try onTerminal("")
        // The first update is always drawn: a pipeline calibrating; later ones at most twice a second.
        #expect(shown.contains(": calibrating (0%)") && shown.contains(" elapsed"), "\(shown)")
        #expect(shown.contains("\r\u{1B}[K"), "the progress line is not redrawn in place: \(shown)")
        #expect(shown.contains("\r\u{1B}[Ktiny-bert: UNCHECKED"), "the line does not end before the summary: \(shown)")
        for quiet in [try onTerminal("--quiet"), try onTerminal("", ci: true)] {
            #expect(!quiet.contains("elapsed"), "\(quiet)")
            #expect(quiet.contains("tiny-bert: UNCHECKED"))
        }
    }
}
