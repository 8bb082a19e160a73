import Foundation
@testable import Reports
import Statistics
@testable import SpikingPipelines
import Testing

/// Issue 35 in the report: population bounds per layer and T, task intervals, "T needed"
/// answers (default and from tolerances), the judge's and the gate's population and interval
/// limits, and the summaries that lead report.md and index.html.
@Suite struct PopulationReportTests {
    /// A pipeline whose layers have population bounds 1/T (max-abs) and 0.5/T (relative) at
    /// T = 1, 4, 16, 64, from 59 certified inputs (rank 59 at 0.95/0.95).
    static func withPopulation() throws -> PipelineReport {
        var p = SampleReports.pipeline("ecmt")
        p.population = try PopulationSummary(inputs: 59, coverage: .ninetyFivePercent, confidence: .ninetyFivePercent)
        for l in p.layers.indices {
            for k in p.layers[l].steps.indices {
                let T = Double(p.layers[l].steps[k].T)
                p.layers[l].steps[k].population = PopulationStep(maxAbs: 1 / T, relative: 0.5 / T)
            }
        }
        return p
    }

    /// A classification task on 40 examples: the ANN right on 30, the SNN at T = 1, 4, 16, 64
    /// right on 10, 20, 29, 30 of those (and on nothing else).
    static func classification() throws -> TaskResult {
        let grid = [1, 4, 16, 64], labels = (0..<40).map { $0 % 2 }
        let ann = labels.enumerated().map { $0.offset < 30 ? $0.element : 1 - $0.element }
        var snn = [Int: [Int]]()
        for (T, right) in zip(grid, [10, 20, 29, 30]) {
            snn[T] = labels.enumerated().map { $0.offset < right ? $0.element : 1 - $0.element }
        }
        return TaskResult(
            task: "labels.tsv", kind: .classification, metric: "accuracy", count: 40,
            value: .init(ann: 0.75, snn: zip(grid, [10, 20, 29, 30]).map { .init(T: $0, value: Double($1) / 40) }), pearson: nil,
            method: "a probe", items: .classification(labels: labels, ann: ann, snn: snn))
    }

    @Test func summaryRankAndNeeded() throws {
        let enough = try PopulationSummary(inputs: 83, coverage: .ninetyFivePercent, confidence: .ninetyFivePercent)
        #expect(enough.rank == 83 && enough.needed == 59 && enough.coverage == "0.95" && enough.confidence == "0.95")
        let few = try PopulationSummary(inputs: 3, coverage: .ninetyFivePercent, confidence: .ninetyFivePercent)
        #expect(few.rank == nil && few.needed == 59)
        #expect(enough.sentence == "with confidence 95%, at least 95% of inputs from the same population")
    }

    @Test func defaultTargetsAreAnswered() throws {
        let report = SampleReports.report([try Self.withPopulation()])
        let answers = report.pipelines[0].tNeeded
        // The last layer's relative bound 0.5/T ≤ 0.1 from T = 16 on (0.03125, then 0.0078).
        #expect(answers.count == 1)
        #expect(answers[0].T == 16 && answers[0].source == "default" && answers[0].kind == "population")
        #expect(answers[0].sentence == "layer 2 population bound (relative) ≤ 0.1: T = 16 (it holds at every T ≥ 16 of the grid)")
    }

    @Test func toleranceTargetsReplaceTheDefaultsAndExtrapolateAsAnEstimate() throws {
        let tolerances = Tolerances(limits: [.init(pipeline: "ecmt", layer: 0, population: 0.001)])
        let report = SampleReports.report([try Self.withPopulation()], tolerances: tolerances)
        let answers = report.pipelines[0].tNeeded
        #expect(answers.count == 1 && answers[0].T == nil && answers[0].source == "tolerances")
        #expect(answers[0].sentence.contains("not reached at any T of the grid (0.01562 at T = 64)"), "\(answers[0].sentence)")
        // The trend 1/T reaches 0.001 at T = 1000: given as an estimate, never as T.
        let estimate = try #require(answers[0].estimate)
        #expect(estimate.contains("T ≈ 1000") && estimate.contains("not certified"), "\(estimate)")
        // The judge fails the layer·T where the bound is above the limit (every T here).
        #expect(report.pipelines[0].layers[0].steps.allSatisfy { $0.reasons.contains { $0.message.hasPrefix("population bound (max-abs)") } })
        // A trend that would take past 100 times the largest T is not given a number.
        let far = SampleReports.report([try Self.withPopulation()], tolerances: Tolerances(limits: [.init(layer: 0, population: 1e-7)]))
        let words = try #require(far.pipelines[0].tNeeded.first?.estimate)
        #expect(words.contains("would not reach it below 100 times the grid's largest T"), "\(words)")
    }

    @Test func theSmallestTFromWhichEveryLargerTHolds() {
        #expect(TNeededAnswers.from([(1, false), (4, true), (16, false), (64, true)]) == 64)
        #expect(TNeededAnswers.from([(1, true), (4, true)]) == 1)
        #expect(TNeededAnswers.from([(1, true), (4, false)]) == nil)
        #expect(TNeededAnswers.from([]) == nil)
    }

    @Test func aLimitOnAMissingPopulationBoundIsNotMet() throws {
        var p = SampleReports.pipeline("ecmt")
        p.population = try PopulationSummary(inputs: 3, coverage: .ninetyFivePercent, confidence: .ninetyFivePercent)
        let report = SampleReports.report([p], tolerances: Tolerances(limits: [.init(layer: 1, T: [64], populationRelative: 0.5)]))
        let step = try #require(report.pipelines[0].layers[1].steps.last)
        #expect(step.status == .loose && step.reasons.contains { $0.message.contains("too few certified inputs") })
        #expect(report.pipelines[0].tNeeded.first?.sentence.contains("no population bound") == true)
    }

    @Test func classificationIntervalsAgreementAndMcNemar() throws {
        let record = try TaskReport(try Self.classification(), confidence: .ninetyFivePercent)
        let intervals = try #require(record.intervals)
        #expect(intervals.method == "clopper-pearson")
        let exact = try ClopperPearson.interval(successes: 30, of: 40, confidence: .ninetyFivePercent)
        #expect(intervals.ann.lower == exact.lower && intervals.ann.upper == exact.upper)
        let t1 = try #require(intervals.steps.first)
        // At T = 1 the SNN agrees with the ANN on the 10 it gets right and the 10 both get wrong.
        #expect(t1.agreement == 0.5)
        let paired = try PairedProportions(firstOnly: 20, secondOnly: 0, of: 40, confidence: .ninetyFivePercent)
        #expect(t1.pValue == paired.pValue && t1.drop.lower == paired.difference.lower)
        #expect(intervals.steps.last?.agreement == 1 && intervals.steps.last?.pValue == 1)
        // The gate: the drop's upper end at T = 16 (1 discordant of 40) is above 0.01, so a limit on it fails there.
        var p = SampleReports.pipeline("ecmt")
        p.tasks = [record]
        let report = SampleReports.report([p], tolerances: Tolerances(tasks: [.init(T: [16], maxDropUpper: 0.01)]))
        let check = try ReportCheck(report: report, tolerances: nil, baseline: nil)
        #expect(check.problems.map(\.place) == ["ecmt task labels.tsv T=16"])
        #expect(report.pipelines[0].tNeeded.first?.T == nil)
        let lenient = SampleReports.report([p], tolerances: Tolerances(tasks: [.init(maxDropUpper: 0.5)]))
        // T = 1 drops 0.5 with an upper end above 0.5; from T = 4 (drop 0.25) the upper end is below it.
        #expect(lenient.pipelines[0].tNeeded.first?.T == 4, "\(lenient.pipelines[0].tNeeded)")
    }

    @Test func similarityIntervalsAreABootstrapAndRepeatable() throws {
        let gold = (0..<30).map { Double($0 % 7) + Double($0) / 100 }
        let ann = gold.map { $0 * 0.9 + 0.3 }
        let noisy = gold.enumerated().map { $0.element + Double(($0.offset * 37) % 11) / 3 }
        let result = TaskResult(
            task: "pairs.tsv", kind: .similarity, metric: "spearman", count: 30,
            value: .init(ann: Correlation.spearman(ann, gold), snn: [.init(T: 4, value: Correlation.spearman(noisy, gold))]), pearson: nil,
            method: nil, items: .similarity(gold: gold, ann: ann, snn: [4: noisy]))
        let a = try TaskReport(result, confidence: .ninetyFivePercent), b = try TaskReport(result, confidence: .ninetyFivePercent)
        #expect(a == b)
        let i = try #require(a.intervals)
        #expect(i.method == "bootstrap" && i.description.hasPrefix("approximate"))
        // The ANN ranks exactly as the gold scores: every resample gives ρ = 1.
        #expect(i.ann.lower == 1 && i.ann.upper == 1)
        let step = try #require(i.steps.first)
        #expect(step.value.lower <= a.snn[0].value && a.snn[0].value <= step.value.upper)
        #expect(step.drop.lower > 0, "a clearly worse SNN: the drop's interval should exclude 0, got \(step.drop)")
    }

    @Test func summariesOfInputsAndFindings() {
        #expect(ReportSummaries.inputs((0..<18).map { "sentence.\($0)" } + (0..<65).map { "pair.\($0)" }) == "83 inputs: 18 sentences, 65 pair texts")
        #expect(ReportSummaries.inputs(["input.0", "input.1", "input.2"]) == "3 inputs")
        #expect(ReportSummaries.inputs(["pair2.0"]) == "1 input: 1 pair text")
        #expect(ReportSummaries.inputs([]) == "0 inputs")
        let findings = (0..<44).map { Finding(kind: "transient-saturation", layer: $0 % 6, site: "fc1-input", message: "single steps may reach …") }
            + [Finding(kind: "operator", layer: nil, site: "exp", message: "off")]
        #expect(ReportSummaries.findings(findings) == [
            "transient-saturation at 44 sites, layers 0–5: the a priori analysis cannot exclude single steps past the top level; the running means stay inside",
            "operator at 1 site: a group operator is off its function on the calibrated range",
        ])
    }

    @Test func markdownAndHTMLLeadWithTheAnswers() throws {
        var p = try Self.withPopulation()
        p.tasks = [try TaskReport(try Self.classification(), confidence: .ninetyFivePercent)]
        let report = SampleReports.report([p])
        let md = MarkdownReport.render(report)
        let section = try #require(md.components(separatedBy: "## ECMT: SOUND\n\n").dropFirst().first)
        #expect(section.hasPrefix("T needed: labels.tsv: accuracy drop ≤ 0.01 at 95% confidence"), "\(section.prefix(200))")
        #expect(md.contains("**Population bounds** (POP-OS): with confidence 95%, at least 95% of inputs"))
        #expect(md.contains("| layer 2 | 1 | 0.25 | 0.0625 | 0.01563 |"), "max-abs row rounded up")
        #expect(md.contains("| T | accuracy | drop | McNemar p | agreement |"))
        #expect(md.contains("| ANN | 0.750000 [0.5880"))
        #expect(md.contains("2 inputs") && !md.contains("input.0, input.1"))
        let html = HTMLReport.render(report)
        #expect(html.contains("<section id=\"population\">") && html.contains("data-t-needed=\"none\""))
        #expect(html.contains("<g class=\"errbar obs\">"), "the task chart has no error bars")
    }

    @Test func tolerancesOfSchemaThree() throws {
        func decode(_ text: String) throws -> Tolerances { try JSONDecoder().decode(Tolerances.self, from: Data(text.utf8)) }
        let t = try decode(#"{"schema": "spikebound-tolerances/3", "limits": [{"layer": 5, "populationRelative": 0.05}], "tasks": [{"maxDropUpper": 0.01}]}"#)
        #expect(t.limits[0].populationRelative == 0.05 && t.tasks[0].maxDropUpper == 0.01 && t.tasks[0].maxDrop == nil)
        #expect(throws: ReportError.self) { try decode(#"{"schema": "spikebound-tolerances/3", "limits": [{"site": "fc1-input", "population": 1}]}"#) }
        #expect(throws: ReportError.self) { try decode(#"{"schema": "spikebound-tolerances/3", "tasks": [{"task": "a.tsv"}]}"#) }
        #expect(throws: ReportError.self) { try decode(#"{"schema": "spikebound-tolerances/3", "limits": [{"population": -1}]}"#) }
        #expect(try decode(#"{"schema": "spikebound-tolerances/2", "tasks": [{"maxDrop": 0.02}]}"#).tasks[0].maxDrop == 0.02)
    }
}
