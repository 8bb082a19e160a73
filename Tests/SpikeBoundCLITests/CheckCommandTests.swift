import Foundation
import PropertyTestSupport
import Reports
import Testing

/// `spikebound check` passes on the clean report and its own baseline, fails on each planted
/// problem (exit 1, naming it), and refuses bad configs and baselines (exit 2, one line).
@Suite struct CheckCommandTests {
    var clean: String { get throws { try TinyReport.first.get().appendingPathComponent("report.json").path } }

    func check(_ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(["check"] + arguments)
    }

    @Test func cleanReportPassesAloneAndAgainstItself() throws {
        let path = try clean
        for arguments in [[path], [path, "--baseline", path]] {
            let r = try check(arguments)
            #expect(r.status == 0, "\(arguments): \(r.stdout) \(r.stderr)")
            #expect(r.stdout.contains("## spikebound check: PASS"))
        }
    }

    /// An unchecked layer·T passes by default and fails with --require-checked; a report whose
    /// every layer·T is checked passes with it.
    @Test func requireCheckedFailsOnAnUncheckedStep() throws {
        var report = try TinyReport.report()
        let everyStepChecked = report.pipelines.allSatisfy { p in
            p.layers.allSatisfy { $0.steps.allSatisfy { !$0.aPriori.isEmpty || !$0.certified.isEmpty } }
        }
        let whole = try check([try clean, "--require-checked"])
        #expect(whole.status == (everyStepChecked ? 0 : 1), "every step checked: \(everyStepChecked); \(whole.stdout) \(whole.stderr)")
        let last = report.pipelines[1].layers[0].steps.count - 1
        report.pipelines[1].layers[0].steps[last].aPriori = []
        report.pipelines[1].layers[0].steps[last].certified = []
        let path = try TinyReport.write(report, name: "unchecked.json").path
        #expect(try check([path]).status == 0)
        let r = try check([path, "--require-checked"])
        #expect(r.status == 1, "\(r.stdout)")
        let place = "\(report.pipelines[1].pipeline) layer 0 T=\(report.pipelines[1].layers[0].steps[last].T)"
        #expect(r.stdout.contains("| unchecked | \(place) |"), "\(r.stdout)")
        #expect(r.stderr.contains("(unchecked)"), "\(r.stderr)")
    }

    @Test func anObservedErrorAboveItsAPrioriBoundIsUnsound() throws {
        var report = try TinyReport.report()
        let last = report.pipelines[0].layers[0].steps.count - 1
        let bound = try #require(report.pipelines[0].layers[0].steps[last].aPriori.first?.bound)
        report.pipelines[0].layers[0].steps[last].aPriori[0].observed = bound * 1.5
        // The status written in the file still says sound: check must not trust it.
        #expect(report.pipelines[0].layers[0].steps[last].status == .sound)
        let r = try check([try TinyReport.write(report, name: "unsound.json").path])
        #expect(r.status == 1, "\(r.stdout)")
        #expect(r.stdout.contains("| unsound | ecmt layer 0 T=64 |"), "\(r.stdout)")
        #expect(r.stderr.contains("check failed: 1 problem (unsound)"), "\(r.stderr)")
    }

    @Test func aSiteAboveItsAPrioriBoundIsUnsound() throws {
        var report = try TinyReport.report()
        let k = try #require(report.pipelines[0].layers[1].steps[0].sites.firstIndex { $0.bound != nil })
        report.pipelines[0].layers[1].steps[0].sites[k].observed = try #require(report.pipelines[0].layers[1].steps[0].sites[k].bound) * 2
        let r = try check([try TinyReport.write(report, name: "site.json").path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("| unsound | ecmt layer 1 T=1 |") && r.stdout.contains(#"\|V\|/T"#), "\(r.stdout)")
    }

    @Test func aCertifiedBoundBelowItsObservedLowerBoundIsUnsound() throws {
        var report = try TinyReport.report()
        let last = report.pipelines[1].layers[1].steps.count - 1
        let observed = try #require(report.pipelines[1].layers[1].steps[last].certified.first?.observed)
        try #require(observed > 0, "the certified lower bound on the observed error is 0, so no bound can be planted below it")
        report.pipelines[1].layers[1].steps[last].certified[0].bound = observed * 0.5
        let r = try check([try TinyReport.write(report, name: "certified.json").path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("| unsound | sta layer 1 T=64 |"), "\(r.stdout)")
    }

    @Test func boundsAndErrorsAboveTheirTolerancesFail() throws {
        let path = try clean
        let loose = try TinyReport.write(json: [
            "schema": "spikebound-tolerances/1", "limits": [["pipeline": "ecmt", "layer": 0, "T": [64], "bound": 1e-9]],
        ], name: "loose.json")
        var r = try check([path, "--tolerances", loose.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("| loose | ecmt layer 0 T=64 |"), "\(r.stdout)")
        #expect(!r.stdout.contains("ecmt layer 1"), "a limit on layer 0 reached layer 1: \(r.stdout)")
        let tight = try TinyReport.write(json: ["schema": "spikebound-tolerances/1", "limits": [["observed": 1e-9]]], name: "tight.json")
        r = try check([path, "--tolerances", tight.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("| over-tolerance | sta layer 1 T=1 |"), "\(r.stdout)")
        let generous = try TinyReport.write(json: ["schema": "spikebound-tolerances/1", "limits": [["observed": 100, "bound": 1e6]]], name: "generous.json")
        r = try check([path, "--tolerances", generous.path])
        #expect(r.status == 0, "\(r.stdout)")
    }

    @Test func regressionsAgainstTheBaselineFail() throws {
        let path = try clean
        // A baseline whose layer error was half as large: the report regressed.
        var better = try TinyReport.report()
        let last = better.pipelines[0].layers[1].steps.count - 1
        better.pipelines[0].layers[1].steps[last].observed.maxAbs /= 2
        var r = try check([path, "--baseline", try TinyReport.write(better, name: "better.json").path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("| regressed | ecmt layer 1 T=64 |"), "\(r.stdout)")
        // A baseline with a higher mean cosine at T = 64.
        var cosine = try TinyReport.report()
        let m = cosine.pipelines[1].endMetrics.count - 1
        cosine.pipelines[1].endMetrics[m].cosineMean += 0.05
        r = try check([path, "--baseline", try TinyReport.write(cosine, name: "cosine.json").path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("| regressed | sta end metric T=64 |"), "\(r.stdout)")
        // A baseline with a tighter bound, and one with a pipeline the report lacks.
        var tighter = try TinyReport.report()
        tighter.pipelines[0].layers[0].steps[0].bound? /= 2
        r = try check([path, "--baseline", try TinyReport.write(tighter, name: "tighter.json").path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("| regressed | ecmt layer 0 T=1 |") && r.stdout.contains("bound"), "\(r.stdout)")
        var extra = try TinyReport.report()
        var copy = extra.pipelines[0]
        copy.pipeline = "ecmt-old"
        extra.pipelines.append(copy)
        r = try check([path, "--baseline", try TinyReport.write(extra, name: "extra.json").path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("| missing | ecmt-old |"), "\(r.stdout)")
    }

    @Test func theSummaryIsAppendedToAFile() throws {
        let summary = try TinyReport.write("earlier step\n", name: "summary.md")
        let r = try check([try clean, "--summary", summary.path])
        #expect(r.status == 0)
        let text = try String(contentsOf: summary, encoding: .utf8)
        #expect(text.hasPrefix("earlier step\n## spikebound check: PASS"), "\(text)")
    }

    /// Each bad input: exit 2 and one line on standard error that names the problem.
    @Test(arguments: [
        ("missing-report", "no such file"),
        ("not-json", "not valid JSON"),
        ("other-schema", "schema is \"spikebound-report/0\""),
        ("missing-field", "missing field \"pipelines\""),
        ("unknown-limit-field", "unknown field \"observd\""),
        ("unknown-top-field", "unknown-top-field.json: unknown field \"limts\""),
        ("negative-limit", "limits[0].bound must be a finite number ≥ 0"),
        ("empty-limit", "limits[0] sets none of \"bound\", \"observed\", \"population\" and \"populationRelative\""),
        ("tolerance-schema", "schema is \"tolerances\""),
        ("other-model", "baseline: it is of another model"),
    ])
    func badInputIsOneLineAndExitTwo(_ problem: String, _ message: String) throws {
        let path = try clean
        func file(_ text: String) throws -> String { try TinyReport.write(text, name: "\(problem).json").path }
        let arguments: [String]
        switch problem {
        case "missing-report": arguments = ["/nonexistent/report.json"]
        case "not-json": arguments = [try file("{ not json")]
        case "other-schema": arguments = [try file(#"{"schema": "spikebound-report/0"}"#)]
        case "missing-field":
            var object = try TinyReport.object()
            object.removeValue(forKey: "pipelines")
            arguments = [try TinyReport.write(json: object, name: "nopipelines.json").path]
        case "unknown-limit-field":
            arguments = [path, "--tolerances", try file(#"{"schema": "spikebound-tolerances/1", "limits": [{"observd": 1}]}"#)]
        case "unknown-top-field":
            arguments = [path, "--tolerances", try file(#"{"schema": "spikebound-tolerances/1", "limts": []}"#)]
        case "negative-limit":
            arguments = [path, "--tolerances", try file(#"{"schema": "spikebound-tolerances/1", "limits": [{"bound": -1}]}"#)]
        case "empty-limit":
            arguments = [path, "--tolerances", try file(#"{"schema": "spikebound-tolerances/1", "limits": [{"layer": 0}]}"#)]
        case "tolerance-schema": arguments = [path, "--tolerances", try file(#"{"schema": "tolerances"}"#)]
        default:
            var other = try TinyReport.report()
            other.provenance.model.sha256["model.safetensors"] = String(repeating: "0", count: 64)
            arguments = [path, "--baseline", try TinyReport.write(other, name: "other.json").path]
        }
        let r = try check(arguments)
        #expect(r.status == 2, "\(problem): exit \(r.status), \(r.stderr)")
        #expect(r.stderr.contains(message), "\(problem): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(problem): \(r.stderr)")
        // The role is named once, before the file ("tolerances FILE: …", not "tolerances FILE: tolerances: …").
        #expect(!r.stderr.contains(".json: tolerances: "), "\(problem): \(r.stderr)")
    }
}
