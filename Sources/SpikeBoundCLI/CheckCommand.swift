import ArgumentParser
import Foundation
import Reports

/// `spikebound check REPORT [--tolerances FILE] [--baseline FILE] [--require-checked]`: the CI gate.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Gate CI on a report.json: fail on unsound results, values over tolerance, or regressions against a baseline.",
        discussion: """
            The report's statuses are recomputed from its values (observed errors, certified bounds), not read \
            from it. It fails when an observed error is above a certified bound (unsound), when a bound or an \
            observed error is above a limit of the tolerance config (the report's own when --tolerances is not \
            given), or, with --baseline, when a layer's observed error or certified bound grew, or the mean cosine \
            of the embeddings fell, past the config's regression margins, or when the baseline has a pipeline, \
            layer or certified bound that the report lacks. With --require-checked it also fails on every layer·T that \
            no certified bound checked (status unchecked), so that a pipeline left out of the bounds cannot pass \
            unnoticed. The tolerance config is documented in \
            docs/report-schema.md; docs/github-actions.md has an example workflow.

            Prints a Markdown summary of what failed (also written to --summary FILE, such as \
            $GITHUB_STEP_SUMMARY, appended).

            Exit codes: 0 pass; 1 the gate failed; 2 bad input (a missing or malformed report, tolerance config \
            or baseline, a baseline of another model).

            Examples:
              spikebound check reports/minilm-l6/report.json
              spikebound check reports/minilm-l6/report.json --tolerances ci/tolerances.json --baseline ci/baseline.json
            """
    )

    @Argument(help: ArgumentHelp("The report.json to check.", valueName: "REPORT"))
    var report: String

    @Option(help: ArgumentHelp("The tolerance config (schema spikebound-tolerances/1).", valueName: "FILE"))
    var tolerances: String?

    @Option(help: ArgumentHelp("A report.json of the same model to compare with.", valueName: "FILE"))
    var baseline: String?

    @Flag(help: "Also fail on every layer·T that no certified bound checked (status unchecked).")
    var requireChecked = false

    @Option(help: ArgumentHelp("Also append the Markdown summary to FILE (such as $GITHUB_STEP_SUMMARY).", valueName: "FILE"))
    var summary: String?

    func run() throws {
        let check: ReportCheck
        do {
            let current = try ReportJSON.report(at: report)
            let config = try tolerances.map { try ReportJSON.tolerances(at: $0) }
            let base = try baseline.map { try ReportJSON.report(at: $0, role: "baseline") }
            check = try ReportCheck(report: current, tolerances: config, baseline: base, requireChecked: requireChecked)
        } catch let error as ReportError {
            throw InputError(error.description)
        }
        let text = check.markdown(reportPath: report, baselinePath: baseline)
        print(text, terminator: "")
        if let summary {
            guard let handle = FileHandle(forWritingAtPath: summary) ?? (FileManager.default.createFile(atPath: summary, contents: nil)
                ? FileHandle(forWritingAtPath: summary) : nil)
            else { throw InputError("--summary: cannot write \(summary)") }
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            handle.closeFile()
        }
        if !check.passed {
            throw CheckFailure(description: "check failed: \(check.problems.count) problem\(check.problems.count == 1 ? "" : "s") (\(Set(check.problems.map(\.kind.rawValue)).sorted().joined(separator: ", ")))")
        }
    }
}
