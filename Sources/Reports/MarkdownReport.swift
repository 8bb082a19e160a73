import Foundation

/// report.md: GitHub-flavoured Markdown, short enough for a CI job summary. A verdict line,
/// then per pipeline its layers worst first, the end metrics against T, what failed (with the
/// command that replays it) and the findings.
public enum MarkdownReport {
    /// Findings listed per pipeline; the rest are counted.
    public static let findingsShown = 8

    /// "2 saturation, 9 analysis-saturation, …": the findings counted by kind, in order of
    /// first appearance, so that a model's saturations and the analysis's limits are apart.
    public static func counts(_ findings: [Finding]) -> String {
        var kinds = [String](), count = [String: Int]()
        for f in findings {
            if count[f.kind] == nil { kinds.append(f.kind) }
            count[f.kind, default: 0] += 1
        }
        return kinds.map { "\(count[$0] ?? 0) \($0)" }.joined(separator: ", ")
    }
    /// Failure reasons listed per pipeline.
    public static let failuresShown = 10

    public static func render(_ report: Report) -> String {
        let p = report.provenance
        var out = "# SpikeBound report: \(report.name)\n\n"
        out += "**Verdict: \(report.verdict.rawValue)**: \(report.verdict.meaning). "
        out += report.pipelines.map { "\($0.pipeline.uppercased()) \($0.verdict.rawValue) (\(coverage($0)))" }.joined(separator: "; ") + ".\n\n"
        for pipeline in report.pipelines { out += section(pipeline) + "\n" }
        out += "Model `\(p.model.path)` (\(p.model.architecture), \(p.model.layers) layers, hidden \(p.model.hiddenSize)), "
        out += "\(ReportSummaries.inputs(p.model.inputs)), T ∈ {\(p.T.map(String.init).joined(separator: ", "))}; "
        out += "\(p.tool) at `\(p.gitRevision.prefix(12))`, \(p.date).\n"
        if let calibration = p.calibration { out += "\nCalibration file: SHA-256 `\(calibration)`.\n" }
        if let shards = p.shards { out += "\nMerged from \(shards.count) shard file\(shards.count == 1 ? "" : "s"): \(shards.map { "`\($0)`" }.joined(separator: ", ")).\n" }
        out += "\nReplay: `\(p.command)`\n"
        return out
    }

    /// "40 of 42 layer·T checked".
    public static func coverage(_ p: PipelineReport) -> String {
        let steps = p.layers.flatMap(\.steps)
        let checked = steps.filter { $0.status != .unchecked }.count
        return "\(checked) of \(steps.count) layer·T checked"
    }

    /// Layers worst first: by status, then by the largest observed error at the largest T.
    public static func worstFirst(_ layers: [LayerReport]) -> [LayerReport] {
        layers.sorted { a, b in
            if a.status != b.status { return a.status < b.status }
            let ea = a.steps.last?.observed.maxAbs ?? 0, eb = b.steps.last?.observed.maxAbs ?? 0
            return ea != eb ? ea > eb : a.layer < b.layer
        }
    }

    /// One "T needed" answer, with its estimate when it has one, and where the target came from.
    static func tNeededLine(_ t: TNeeded) -> String {
        var line = t.sentence
        if let estimate = t.estimate { line += " (estimate, not certified: \(estimate))" }
        if t.source == "default" { line += " [default target]" }
        return line
    }

    static func section(_ p: PipelineReport) -> String {
        var out = "## \(p.pipeline.uppercased()): \(p.verdict.rawValue)\n\n"
        if !p.tNeeded.isEmpty {
            out += "T needed: " + p.tNeeded.map(tNeededLine).joined(separator: "; ") + ".\n\n"
        }
        let settings = p.settings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        out += "Settings: \(settings). "
        if let theorem = p.theorem {
            out += "A priori bound (\(theorem)) over \(ReportSummaries.inputs(p.aPrioriInputs)) ± \(p.margin ?? "0") at \(p.bits) bits"
            out += aPrioriSummary(p) + ". "
        } else {
            out += "No a priori bound ran. "
        }
        if !p.certifiedInputs.isEmpty { out += "Certified per-input bound (B-CERT) for \(ReportSummaries.inputs(p.certifiedInputs)). " }
        out += "\n\n"
        guard let last = p.endMetrics.last?.T else { return out }
        out += populationTables(p)
        out += "Layers worst first, at T = \(last): observed over every input; bound and checked: the certified bound and the "
        out += "observed error of the checked inputs (\(ReportSummaries.inputs(checkedInputNames(p))))."
        out += "\n\n| layer | status | observed max | RMS | checked | bound | tightness | slope | largest site share |\n"
        out += "|---:|:---|---:|---:|---:|---:|---:|---:|:---|\n"
        for layer in worstFirst(p.layers) {
            guard let s = layer.steps.last else { continue }
            let top = s.attribution?.top.first.map { "\($0.site) \(short($0.magnitude))" } ?? "–"
            out += "| \(layer.layer) | \(layer.status.rawValue) | \(short(s.observed.maxAbs)) | \(short(s.observed.rms)) | "
            out += "\(s.checkedObserved.map(short) ?? "–") | \(s.bound.map(shortUp) ?? "–") | \(s.tightness.map(short) ?? "–") | "
            out += "\(layer.slope.map(short) ?? "–") | \(top) |\n"
        }
        out += "\n| T | cos min | cos mean | rank corr | fire rate | energy |\n|---:|---:|---:|---:|---:|---:|\n"
        for m in p.endMetrics {
            out += "| \(m.T) | \(fixed(m.cosineMin)) | \(fixed(m.cosineMean)) | \(m.rankCorrelation.map(fixed) ?? "n/a") | "
            out += "\(fixed(m.firingRate)) | \(fixed(m.energyRatio)) |\n"
        }
        for task in p.tasks { out += taskTable(task) }
        let failures = p.layers.flatMap { layer in layer.steps.flatMap { s in s.reasons.map { "layer \(layer.layer), T = \(s.T): \($0.status.rawValue): \($0.message)" } } }
        if !failures.isEmpty {
            out += "\n**Failed (\(failures.count))**\n\n"
            for f in failures.prefix(failuresShown) { out += "- \(f)\n" }
            if failures.count > failuresShown { out += "- … \(failures.count - failuresShown) more in report.json\n" }
            out += "\nReplay: `\(p.replay)`\n"
        }
        if !p.findings.isEmpty {
            out += "\n**Findings (\(MarkdownReport.counts(p.findings)); each listed in report.json)**\n\n"
            for line in ReportSummaries.findings(p.findings) { out += "- \(line)\n" }
        }
        return out
    }

    /// ": vacuous (at the LayerNorm cap) at 42 of 42 layer·T", or the a priori bound's range.
    static func aPrioriSummary(_ p: PipelineReport) -> String {
        let bounds = p.layers.flatMap { $0.steps.flatMap(\.aPriori) }
        guard !bounds.isEmpty else { return "" }
        let steps = p.layers.flatMap(\.steps).filter { !$0.aPriori.isEmpty }
        let vacuous = steps.filter { $0.aPriori.allSatisfy { $0.vacuous == true } }.count
        if vacuous == steps.count {
            return ": *vacuous (cap)* at every layer and T, at or above the LayerNorm cap |γ_i|√(n − 1) + |ANN_i − β_i| that bounds the error with no analysis"
        }
        let finite = bounds.filter { $0.vacuous != true }.map(\.bound)
        var text = ": from \(shortUp(finite.min() ?? 0)) to \(shortUp(finite.max() ?? 0))"
        if let ratio = bounds.filter({ $0.vacuous != true && $0.observed > 0 }).map({ $0.bound / $0.observed }).max() {
            text += " (up to \(short(ratio)) times its input's observed error)"
        }
        if vacuous > 0 { text += "; *vacuous (cap)* at \(vacuous) of \(steps.count) layer·T" }
        return text
    }

    /// The inputs with a certified bound.
    static func checkedInputNames(_ p: PipelineReport) -> [String] {
        var seen = Set<String>()
        return (p.aPrioriInputs + p.certifiedInputs).filter { seen.insert($0).inserted }
    }

    /// The population bounds per layer (rows) and T (columns), max-abs and relative, with the
    /// statement they make and its assumption; or why there are none.
    static func populationTables(_ p: PipelineReport) -> String {
        guard let summary = p.population else { return "" }
        var out = "**Population bounds** (POP-OS): \(summary.sentence) have an error at or below the bound, "
        out += "each bound on its own; every term is certified (B-CERT) except the assumption: \(summary.assumption). "
        guard let rank = summary.rank else {
            return out + "Not computed: \(summary.inputs) certified input\(summary.inputs == 1 ? " is" : "s are") too few for coverage \(summary.coverage) at confidence "
                + "\(summary.confidence); \(summary.needed) are needed.\n\n"
        }
        out += "From \(summary.inputs) certified inputs (\(PopulationSummary.orderStatistic(rank, of: summary.inputs)) of their certified bounds).\n\n"
        let grid = p.layers.first?.steps.map(\.T) ?? []
        for (title, value) in [("max-abs", { (s: PopulationStep) in s.maxAbs }), ("relative", { (s: PopulationStep) in s.relative })] {
            out += "| \(title) bound | " + grid.map { "T = \($0)" }.joined(separator: " | ") + " |\n"
            out += "|---:|" + grid.map { _ in "---:" }.joined(separator: "|") + "|\n"
            for layer in p.layers {
                out += "| layer \(layer.layer) | " + layer.steps.map { $0.population.map { shortUp(value($0)) } ?? "–" }.joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        if let cosine = summary.featureCosine {
            out += "Feature cosine (B-COS, the pooled embeddings, SNN against the exact ANN), at least: "
            out += cosine.map { "\(NumberText.down($0.lower, NumberText.short)) at T = \($0.T)" }.joined(separator: ", ") + ".\n\n"
        }
        return out
    }

    static func describe(_ f: Finding) -> String {
        var place = [String]()
        if let layer = f.layer { place.append("layer \(layer)") }
        if let site = f.site { place.append(site) }
        return "\(f.kind)" + (place.isEmpty ? "" : " at \(place.joined(separator: " "))") + ": \(f.message)"
    }

    /// "0.4212 [0.21, 0.60]".
    static func withInterval(_ value: Double, _ r: TaskIntervalReport.Range?) -> String {
        fixed(value) + (r.map { " [\(fixed($0.lower)), \(fixed($0.upper))]" } ?? "")
    }

    /// The task metric against T with its intervals, for the ANN and the SNN, and the drops.
    static func taskTable(_ t: TaskReport) -> String {
        guard let intervals = t.intervals else { return plainTaskTable(t) }
        var out = "\nTask \(t.task) (\(t.pairs.map { "\($0) pairs" } ?? "\(t.examples ?? 0) examples")): \(t.metricName) of the ANN and "
        out += "the SNN with \(PopulationSummary.percent(intervals.confidence)) intervals; drop = ANN − SNN. Intervals: "
        out += "\(intervals.description).\(t.method.map { " Classified by \($0)." } ?? "")\n\n"
        let classification = intervals.steps.contains { $0.agreement != nil }
        out += "| T | \(t.metricName) | drop |" + (classification ? " McNemar p | agreement |" : "") + "\n"
        out += "|---:|---:|---:|" + (classification ? "---:|---:|" : "") + "\n"
        out += "| ANN | \(withInterval(t.ann, intervals.ann)) | |" + (classification ? " | |" : "") + "\n"
        for s in t.snn {
            let i = intervals.steps.first { $0.T == s.T }
            out += "| \(s.T) | \(withInterval(s.value, i?.value)) | \(withInterval(s.drop, i?.drop)) |"
            if classification {
                out += " \(i?.pValue.map(shortUp) ?? "–") | \(i?.agreement.map { withInterval($0, i?.agreementInterval) } ?? "–") |"
            }
            out += "\n"
        }
        return out
    }

    /// The task metric against T without intervals (a schema /3 report).
    static func plainTaskTable(_ t: TaskReport) -> String {
        var out: String
        if let pairs = t.pairs {
            out = "\nTask \(t.task) (\(pairs) pairs): correlation of cos(a, b) with the gold score; drop = ANN − SNN.\n\n"
        } else {
            out = "\nTask \(t.task) (\(t.examples ?? 0) examples): accuracy by \(t.method ?? "?"); drop = ANN − SNN.\n\n"
        }
        if let pearson = t.pearson {
            out += "| T | \(t.metricName) | drop | Pearson | drop |\n|---:|---:|---:|---:|---:|\n"
            out += "| ANN | \(fixed(t.ann)) | | \(fixed(pearson.ann)) | |\n"
            for (s, p) in zip(t.snn, pearson.snn) {
                out += "| \(s.T) | \(fixed(s.value)) | \(fixed(s.drop)) | \(fixed(p.value)) | \(fixed(p.drop)) |\n"
            }
        } else {
            out += "| T | \(t.metricName) | drop |\n|---:|---:|---:|\n| ANN | \(fixed(t.ann)) | |\n"
            for s in t.snn { out += "| \(s.T) | \(fixed(s.value)) | \(fixed(s.drop)) |\n" }
        }
        return out
    }
}
