import Foundation
@testable import Reports
@testable import SpikingPipelines
import Testing

/// The task metric in the report: its record, its Markdown and HTML, and the gate's limits on
/// its drop and its regression margin against a baseline.
@Suite struct TaskReportTests {
    /// ANN 0.5; the SNN at T = 1, 4, 16, 64 scores 0.1, 0.4, 0.48, 0.49 (drops 0.4 … 0.01).
    static func withTask(_ values: [Double] = [0.1, 0.4, 0.48, 0.49], named name: String = "pairs.tsv") -> PipelineReport {
        var p = SampleReports.pipeline("ecmt")
        p.tasks = [task(values, named: name)]
        return p
    }

    static func task(_ values: [Double], named name: String) -> TaskReport {
        let grid = [1, 4, 16, 64]
        return TaskReport(TaskResult(
            task: name, kind: .similarity, metric: "spearman", count: 12,
            value: .init(ann: 0.5, snn: zip(grid, values).map { .init(T: $0, value: $1) }),
            pearson: .init(ann: 0.6, snn: zip(grid, values).map { .init(T: $0, value: $1 + 0.1) }), method: nil))
    }

    @Test func recordsTheDropAndRendersIt() throws {
        let p = Self.withTask()
        let task = try #require(p.tasks.first)
        #expect(task.metric == "spearman" && task.ann == 0.5)
        #expect(zip(task.snn.map(\.drop), [0.4, 0.1, 0.02, 0.01]).allSatisfy { abs($0 - $1) < 1e-12 })
        let report = SampleReports.report([p])
        let md = MarkdownReport.render(report)
        #expect(md.contains("Task pairs.tsv (12 pairs)"))
        #expect(md.contains("| 16 | 0.480000 | 0.020000 | 0.580000 | 0.020000 |"))
        let html = HTMLReport.render(report)
        #expect(html.contains("<section id=\"task\">") && html.contains("ECMT: pairs.tsv, correlation with the gold score"))
        // The JSON round-trips with the task.
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(Report.self, from: data).pipelines[0].tasks == [task])
    }

    @Test func theGateLimitsTheDrop() throws {
        let report = SampleReports.report([Self.withTask()])
        let tolerances = Tolerances(tasks: [.init(pipeline: "ecmt", T: [16, 64], maxDrop: 0.015)])
        let check = try ReportCheck(report: report, tolerances: tolerances, baseline: nil)
        #expect(check.problems.map(\.place) == ["ecmt task pairs.tsv T=16"])
        #expect(check.problems.first?.kind == .overTolerance)
        let loose = try ReportCheck(report: report, tolerances: Tolerances(tasks: [.init(T: [16, 64], maxDrop: 0.05)]), baseline: nil)
        #expect(loose.passed)
        let nothing = try ReportCheck(report: report, tolerances: Tolerances(tasks: [.init(pipeline: "sta", maxDrop: 0)]), baseline: nil)
        #expect(nothing.passed && nothing.warnings.contains { $0.contains("task limit 0 matches no task metric") })
    }

    @Test func theGateComparesWithTheBaseline() throws {
        let baseline = SampleReports.report([Self.withTask()])
        let same = try ReportCheck(report: baseline, tolerances: nil, baseline: baseline)
        #expect(same.passed)
        // T = 4 falls by 0.02, past the default margin of 0.01; T = 64 by 0.005, within it.
        let worse = SampleReports.report([Self.withTask([0.1, 0.38, 0.48, 0.485])])
        let check = try ReportCheck(report: worse, tolerances: nil, baseline: baseline)
        #expect(check.problems.map(\.place) == ["ecmt task pairs.tsv T=4"])
        #expect(check.problems.first?.kind == .regressed)
        // A report without the baseline's task is missing it.
        let none = SampleReports.report([SampleReports.pipeline("ecmt")])
        #expect(try ReportCheck(report: none, tolerances: nil, baseline: baseline).problems.map(\.kind) == [.missing])
    }

    /// Several tasks: each rendered and gated on its own, a limit named for one task leaves the
    /// other alone, and a baseline's task is looked up by name.
    @Test func severalTasksAreEachJudged() throws {
        var p = Self.withTask()
        p.tasks.append(Self.task([0.45, 0.47, 0.2, 0.49], named: "lee.tsv"))
        let report = SampleReports.report([p])
        let md = MarkdownReport.render(report)
        #expect(md.contains("Task pairs.tsv (12 pairs)") && md.contains("Task lee.tsv (12 pairs)"))
        let html = HTMLReport.render(report)
        #expect(html.contains("ECMT: pairs.tsv, correlation") && html.contains("ECMT: lee.tsv, correlation"))
        let all = try ReportCheck(report: report, tolerances: Tolerances(tasks: [.init(T: [16], maxDrop: 0.1)]), baseline: nil)
        #expect(all.problems.map(\.place) == ["ecmt task lee.tsv T=16"])
        let onlyPairs = try ReportCheck(report: report, tolerances: Tolerances(tasks: [.init(task: "pairs.tsv", T: [16], maxDrop: 0.1)]), baseline: nil)
        #expect(onlyPairs.passed)
        // Against a baseline with the tasks in the other order, only lee.tsv at T = 16 fell.
        var base = Self.withTask(named: "lee.tsv")
        base.tasks.append(Self.task([0.1, 0.4, 0.48, 0.49], named: "pairs.tsv"))
        let check = try ReportCheck(report: report, tolerances: nil, baseline: SampleReports.report([base]))
        #expect(check.problems.map(\.place) == ["ecmt task lee.tsv T=16"])
    }

    /// A spikebound-report/2 file (one optional "task" per pipeline) is read with that task as
    /// the only one, so that an older baseline still gates; other schemas are refused.
    @Test func reportsOfSchemaTwoAreRead() throws {
        let report = SampleReports.report([Self.withTask()])
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        var pipelines = try #require(json["pipelines"] as? [[String: Any]])
        let task = try #require(pipelines[0]["tasks"] as? [Any]).first
        pipelines[0]["tasks"] = nil
        pipelines[0]["task"] = task
        json["pipelines"] = pipelines
        json["schema"] = "spikebound-report/2"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-v2.json")
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        let read = try ReportJSON.report(at: url.path)
        #expect(read.pipelines[0].tasks.map(\.task) == ["pairs.tsv"])
        json["schema"] = "spikebound-report/1"
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        #expect(throws: ReportError.self) { try ReportJSON.report(at: url.path) }
    }

    @Test func tolerancesReadEveryOlderSchema() throws {
        func decode(_ text: String) throws -> Tolerances { try JSONDecoder().decode(Tolerances.self, from: Data(text.utf8)) }
        #expect(try decode(#"{"schema": "spikebound-tolerances/1", "limits": []}"#).tasks.isEmpty)
        let v2 = try decode(#"{"schema": "spikebound-tolerances/2", "tasks": [{"T": [4], "maxDrop": 0.1}], "regression": {"taskDrop": 0.2}}"#)
        #expect(v2.tasks == [.init(T: [4], maxDrop: 0.1)] && v2.regression.taskDrop == 0.2)
        #expect(throws: (any Error).self) { try decode(#"{"schema": "spikebound-tolerances/1", "tasks": []}"#) }
        #expect(throws: (any Error).self) { try decode(#"{"schema": "spikebound-tolerances/2", "tasks": [{"maxDrop": 0.1, "T": []}]}"#) }
        #expect(throws: (any Error).self) { try decode(#"{"schema": "spikebound-tolerances/4"}"#) }
    }
}
