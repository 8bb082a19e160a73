import Foundation
import PropertyTestSupport
import Testing

/// Comparing a merged (or calibration-file) report with the unsharded one: the three files
/// byte for byte apart from the date and the provenance that names the calibration file and
/// the shards.
enum ShardedReport {
    static let files = ["report.json", "report.md", "index.html"]

    /// The tiny report's options, without --quiet (for the stages that have no such flag).
    static let options = Array(TinyReport.arguments.dropFirst().filter { $0 != "--quiet" })

    /// `text` without its dates, the calibration file's hash and the shard list.
    static func normalised(_ text: String) -> String {
        var t = text.replacingOccurrences(of: #"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"#, with: "DATE", options: .regularExpression)
        for pattern in [
            #"\n *"calibration" : "[0-9a-f]{64}","#, #"\n *"shards" : \[[^\]]*\],"#,  // report.json
            #"\n\nCalibration file: SHA-256 `[0-9a-f]{64}`\."#, #"\n\nMerged from [0-9]+ shard files?: [^\n]*"#,  // report.md
            #"<dt>calibration file SHA-256</dt><dd>[0-9a-f]{64}</dd>"#, #"<dt>merged from shards</dt><dd>[^<]*</dd>"#,  // index.html
        ] {
            t = t.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
        }
        return t
    }

    /// Expects `folder`'s three files to equal the unsharded tiny report's, apart from
    /// provenance; `named` says that the provenance names shards (so the normalisation must
    /// have removed something).
    static func expectEqualToTheUnshardedReport(
        _ folder: URL, named: Bool, _ what: String, unsharded given: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let unsharded = try given ?? TinyReport.first.get()
        for file in files {
            let produced = try TinyReport.text(folder, file), expected = try TinyReport.text(unsharded, file)
            let a = normalised(produced), b = normalised(expected)
            if named {
                #expect(a != produced.replacingOccurrences(of: #"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"#, with: "DATE", options: .regularExpression),
                    "\(what): \(file) names no calibration or shards", sourceLocation: sourceLocation)
            }
            guard a != b else { continue }
            let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.count, y.count)
            Issue.record("""
                \(what): \(file) differs from the unsharded report from line \(line + 1):
                  merged:    \(line < x.count ? String(x[line]) : "<end>")
                  unsharded: \(line < y.count ? String(y[line]) : "<end>")
                """, sourceLocation: sourceLocation)
        }
    }

    static func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs spikebound in the repository root; throws with its error when it fails.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandRunner.Result {
        let r = try CommandRunner.run(arguments, in: RepositoryFiles.root, environment: environment)
        guard r.status == 0 else { throw TinyReport.ReportRunFailed(description: "spikebound \(arguments.first ?? "") exited \(r.status): \(r.stderr)") }
        return r
    }

    /// The tiny study's calibration file, made once.
    static let calibration = Result { () throws -> URL in
        let url = try temporaryFolder("calibration").appendingPathComponent("calibration.json")
        _ = try run(["calibrate"] + options + ["--quiet", "--out", url.path])
        return url
    }
}
