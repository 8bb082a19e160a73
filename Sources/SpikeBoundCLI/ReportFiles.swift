import Foundation
import Reports

/// Writes a report's three files and prints what a terminal user reads first.
enum ReportFiles {
    struct Paths {
        let json: String
        let markdown: String
        let html: String
    }

    static func write(_ report: Report, to folder: String) throws -> Paths {
        let url = URL(fileURLWithPath: folder)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let paths = Paths(
                json: url.appendingPathComponent("report.json").path, markdown: url.appendingPathComponent("report.md").path,
                html: url.appendingPathComponent("index.html").path)
            try ReportJSON.encode(report).write(toFile: paths.json, atomically: true, encoding: .utf8)
            try MarkdownReport.render(report).write(toFile: paths.markdown, atomically: true, encoding: .utf8)
            try HTMLReport.render(report).write(toFile: paths.html, atomically: true, encoding: .utf8)
            return paths
        } catch {
            throw InputError("--out: cannot write the report to \(folder): \(error.localizedDescription)")
        }
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
