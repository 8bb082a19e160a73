import Diagnostics
import Foundation
import Reports

/// Writes a report's three files and prints what a terminal user reads first.
enum ReportFiles {
    struct Paths {
        let json: String
        let markdown: String
        let html: String
    }

    /// Writes report.json, report.md and index.html into `folder` (created if needed) through
    /// `OutputFiles`: all three are complete or none is replaced.
    static func write(_ report: Report, to folder: String) throws -> Paths {
        let url = URL(fileURLWithPath: folder)
        let paths = Paths(
            json: url.appendingPathComponent("report.json").path, markdown: url.appendingPathComponent("report.md").path,
            html: url.appendingPathComponent("index.html").path)
        let files = [
            ("report.json", try ReportJSON.encode(report)), ("report.md", MarkdownReport.render(report)), ("index.html", HTMLReport.render(report)),
        ].map { (name: $0.0, contents: Data($0.1.utf8)) }
        do { try OutputFiles.write(files, into: url) } catch { throw InputError("--out: \(error)") }
        return paths
    }

    /// The verdict, one line per pipeline (its worst layer and the end metric at the largest T),
    /// and the paths.
    static func summary(_ report: Report, paths: Paths, seconds: Double) -> String {
        var out = "\(report.name): \(report.verdict.rawValue) (\(report.verdict.meaning))\n"
        for p in report.pipelines {
            out += "  \(p.pipeline.uppercased()) \(p.verdict.rawValue): \(MarkdownReport.coverage(p))"
            if let worst = MarkdownReport.worstFirst(p.layers).first, let s = worst.steps.last {
                out += "; worst layer \(worst.layer) (\(worst.status.rawValue)), observed \(String(format: "%.3g", s.observed.maxAbs)) at T = \(s.T)"
            }
            if let m = p.endMetrics.last { out += "; cos mean \(String(format: "%.4f", m.cosineMean))" }
            if !p.findings.isEmpty { out += "; \(p.findings.count) finding\(p.findings.count == 1 ? "" : "s")" }
            out += "\n"
        }
        out += "wrote \(paths.json), \(paths.markdown) and \(paths.html) in \(String(format: "%.0f", seconds)) s\n"
        return out
    }
}
