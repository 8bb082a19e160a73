import Foundation

/// index.html: one self-contained page (inline CSS, SVG and a small inline script; nothing is
/// fetched), readable offline and without the script. The verdict and provenance, a sortable,
/// filterable layer table with "hide passing", error-against-T charts on log axes per layer,
/// the end metrics against T, a drill-down per layer (sites, attribution, findings) and, for
/// every failure, its inputs and a command that replays it.
public enum HTMLReport {
    public static func render(_ report: Report) -> String {
        var out = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        out += "<title>SpikeBound report: \(escapeHTML(report.name)) — \(report.verdict.rawValue)</title>"
        out += "<style>\(HTMLStyle.css)</style></head>\n"
        out += "<body data-verdict=\"\(report.verdict.rawValue)\">\n"
        out += header(report) + failures(report) + populationBounds(report) + layerTable(report) + endMetrics(report) + taskMetrics(report)
        out += drillDown(report)
        out += provenance(report)
        out += "<footer>Written by \(escapeHTML(report.provenance.tool)) from report.json (schema \(escapeHTML(report.schema))).</footer>\n"
        out += "<script>\(HTMLStyle.script)</script>\n</body></html>\n"
        return out
    }

    static func badge(_ text: String) -> String {
        "<span class=\"badge s-\(text.lowercased())\">\(escapeHTML(text))</span>"
    }

    static func header(_ r: Report) -> String {
        var out = "<header class=\"top v-\(r.verdict.rawValue.lowercased())\"><h1>SpikeBound report: \(escapeHTML(r.name))</h1>"
        out += "<p class=\"verdict-line\" id=\"verdict\">\(badge(r.verdict.rawValue)) \(escapeHTML(r.verdict.meaning))</p><ul class=\"pipelines\">"
        for p in r.pipelines {
            out += "<li>\(badge(p.verdict.rawValue)) <b>\(p.pipeline.uppercased())</b>: \(MarkdownReport.coverage(p))"
            if let t = p.theorem { out += ", a priori \(t) over \(escapeHTML(p.aPrioriInputs.joined(separator: ", ")))" }
            if let last = p.endMetrics.last { out += "; cos mean \(fixed(last.cosineMean)) at T = \(last.T)" }
            if !p.tNeeded.isEmpty {
                out += "<ul class=\"t-needed\">"
                for t in p.tNeeded {
                    out += "<li data-t-needed=\"\(t.T.map(String.init) ?? "none")\"><b>T needed</b>: \(escapeHTML(t.sentence))"
                    if let e = t.estimate { out += " <span class=\"estimate\">(estimate, not certified: \(escapeHTML(e)))</span>" }
                    if t.source == "default" { out += " <span class=\"estimate\">[default target]</span>" }
                    out += "</li>"
                }
                out += "</ul>"
            }
            out += "</li>"
        }
        let m = r.provenance.model
        out += "</ul><p class=\"meta\">\(escapeHTML(m.path)) · \(escapeHTML(m.architecture)) · \(m.layers) layers · hidden \(m.hiddenSize) · "
        out += "\(escapeHTML(ReportSummaries.inputs(m.inputs))) · T ∈ {\(r.provenance.T.map(String.init).joined(separator: ", "))} · \(escapeHTML(r.provenance.date))</p></header>\n"
        return out
    }

    static func failures(_ r: Report) -> String {
        var rows = ""
        for p in r.pipelines {
            for layer in p.layers {
                for s in layer.steps where !s.reasons.isEmpty {
                    let inputs = Set((s.aPriori + s.certified).map(\.input)).sorted()
                    rows += "<li class=\"failure\"><div>\(badge(s.status.rawValue)) <b>\(p.pipeline.uppercased()) layer \(layer.layer), T = \(s.T)</b></div><ul>"
                    for reason in s.reasons { rows += "<li>\(badge(reason.status.rawValue)) \(escapeHTML(reason.message))</li>" }
                    rows += "</ul><div class=\"inputs\">Inputs: \(escapeHTML(inputs.isEmpty ? "every input (" + String(r.provenance.model.inputs.count) + ")" : inputs.joined(separator: ", ")))"
                    rows += " of \(escapeHTML(r.provenance.model.path))</div>"
                    rows += "<div class=\"replay\">Replay: <code>\(escapeHTML(p.replay))</code></div></li>"
                }
            }
        }
        guard !rows.isEmpty else { return "" }
        return "<section id=\"failures\"><h2>Failures</h2><ul class=\"failures\">\(rows)</ul></section>\n"
    }

    /// Per pipeline, the population bound (POP-OS) of every layer at every T, max-abs and
    /// relative, with the statement and its assumption.
    static func populationBounds(_ r: Report) -> String {
        let pipelines = r.pipelines.filter { $0.population != nil }
        guard !pipelines.isEmpty else { return "" }
        var out = "<section id=\"population\"><h2>Population bounds</h2>"
        for p in pipelines {
            guard let summary = p.population else { continue }
            out += "<h3>\(p.pipeline.uppercased())</h3><p>\(escapeHTML(summary.sentence.prefix(1).uppercased() + summary.sentence.dropFirst())) "
            out += "have an error at or below the bound (POP-OS; each bound on its own). Every term is certified (B-CERT) except the "
            out += "assumption: \(escapeHTML(summary.assumption)).</p>"
            guard let rank = summary.rank else {
                out += "<p class=\"note\">Not computed: \(summary.inputs) certified input\(summary.inputs == 1 ? " is" : "s are") too few for "
                out += "coverage \(summary.coverage) at confidence \(summary.confidence); \(summary.needed) are needed.</p>"
                continue
            }
            let grid = p.layers.first?.steps.map(\.T) ?? []
            out += "<table class=\"population\" data-pipeline=\"\(p.pipeline)\"><thead><tr><th>layer</th>"
            for T in grid { out += "<th>T = \(T)</th>" }
            out += "</tr></thead><tbody>"
            for layer in p.layers {
                out += "<tr><td>\(layer.layer)</td>"
                for step in layer.steps {
                    out += "<td class=\"num\">" + (step.population.map { "\(shortUp($0.maxAbs)) · \(shortUp($0.relative))" } ?? "–") + "</td>"
                }
                out += "</tr>"
            }
            out += "</tbody></table><p class=\"note\">Each cell: the bound on max |SNN − ANN| · the bound on ‖SNN − ANN‖₂/‖ANN‖₂, "
            out += "\(PopulationSummary.orderStatistic(rank, of: summary.inputs)) of \(summary.inputs) certified inputs' bounds, rounded up.</p>"
            if let cosine = summary.featureCosine {
                out += "<p class=\"population-cosine\">Feature cosine (B-COS: the pooled embeddings, SNN against the exact ANN), at least: "
                out += escapeHTML(cosine.map { "\(NumberText.down($0.lower, NumberText.short)) at T = \($0.T)" }.joined(separator: ", ")) + ".</p>"
            }
        }
        return out + "</section>\n"
    }

    static func layerTable(_ r: Report) -> String {
        var out = "<section id=\"layers\"><h2>Layers</h2><div class=\"controls\">"
        out += "<input id=\"filter\" type=\"search\" placeholder=\"Filter rows (pipeline, layer, status…)\" aria-label=\"Filter rows\">"
        out += "<label><input id=\"hide-passing\" type=\"checkbox\"> Hide passing</label>"
        out += "<span class=\"hint\">Click a column to sort; click a row for its detail.</span></div>"
        out += "<table id=\"layer-table\"><thead><tr>"
        let columns: [(String, String)] = [
            ("pipeline", "text"), ("layer", "num"), ("status", "num"), ("T", "num"), ("observed max", "num"), ("RMS", "num"),
            ("checked", "num"), ("bound", "num"), ("tightness", "num"), ("slope", "num"), ("largest site share", "text"),
        ]
        for (k, c) in columns.enumerated() { out += "<th data-kind=\"\(c.1)\" data-column=\"\(k)\">\(c.0)</th>" }
        out += "</tr></thead><tbody>"
        for p in r.pipelines {
            for layer in p.layers {
                guard let s = layer.steps.last else { continue }
                let passing = layer.status == .sound || layer.status == .unchecked
                let top = s.attribution?.top.first.map { "\($0.site) \(short($0.magnitude))" } ?? "–"
                out += "<tr class=\"row\" data-status=\"\(layer.status.rawValue)\" data-passing=\"\(passing)\" data-target=\"\(anchor(p, layer))\">"
                out += cell(p.pipeline.uppercased(), p.pipeline)
                out += cell(String(layer.layer), String(layer.layer))
                out += "<td data-value=\"\(layer.status.rank)\">\(badge(layer.status.rawValue))</td>"
                out += cell(String(s.T), String(s.T))
                out += number(s.observed.maxAbs) + number(s.observed.rms) + number(s.checkedObserved) + number(s.bound, up: true) + number(s.tightness)
                out += number(layer.slope)
                out += cell(top, top) + "</tr>"
            }
        }
        out += "</tbody></table><p class=\"note\">Values at the largest T. Observed max and RMS: over every input. Checked and "
        out += "bound: the observed error of the inputs with a certified bound, and the tightest such bound (a priori or per input), "
        out += "rounded up. Tightness: observed / bound. Slope: of log max error against log T "
        out += "(−1: the error falls as 1/T).</p></section>\n"
        return out
    }

    static func cell(_ text: String, _ value: String) -> String {
        "<td data-value=\"\(escapeHTML(value))\">\(escapeHTML(text))</td>"
    }

    static func number(_ x: Double?, up: Bool = false) -> String {
        guard let x else { return "<td class=\"num\" data-value=\"\">–</td>" }
        let value = x.isFinite ? String(x) : (x > 0 ? "1e308" : "-1e308")
        return "<td class=\"num\" data-value=\"\(value)\">\(up ? shortUp(x) : short(x))</td>"
    }

    static func anchor(_ p: PipelineReport, _ layer: LayerReport) -> String { "\(p.pipeline)-layer-\(layer.layer)" }

    /// The task metric against T per pipeline: a chart of the SNN's metric (and Pearson's r for
    /// a similarity task) with the ANN's as a flat line, and the table.
    static func taskMetrics(_ r: Report) -> String {
        let tasks = r.pipelines.flatMap { p in p.tasks.map { (p.pipeline, $0) } }
        guard !tasks.isEmpty else { return "" }
        var out = "<section id=\"task\"><h2>Task metric against T</h2><div class=\"charts\">"
        for (pipeline, t) in tasks {
            let steps = t.snn.map { Double($0.T) }
            let bars = t.intervals.map { i in i.steps.map { (x: Double($0.T), lower: $0.value.lower, upper: $0.value.upper) } } ?? []
            var series: [SVGChart.Series] = [
                .init(name: "SNN \(t.metricName)", cssClass: "obs", points: t.snn.map { (Double($0.T), $0.value) }, bars: bars),
                .init(name: "ANN \(t.metricName)", cssClass: "bound", points: steps.map { ($0, t.ann) }),
            ]
            if let pearson = t.pearson { series.append(.init(name: "SNN Pearson", cssClass: "rms", points: pearson.snn.map { (Double($0.T), $0.value) })) }
            let title = t.pearson == nil ? "\(pipeline.uppercased()): \(t.task), accuracy" : "\(pipeline.uppercased()): \(t.task), correlation with the gold score"
            out += SVGChart(title: title, series: series, logY: false).render()
        }
        out += "</div><table class=\"metrics\"><thead><tr><th>pipeline</th><th>task</th><th>metric</th><th>T</th><th>value</th><th>interval</th>"
        out += "<th>drop</th><th>drop interval</th><th>McNemar p</th><th>agreement</th><th>Pearson</th><th>drop</th></tr></thead><tbody>"
        func range(_ r: TaskIntervalReport.Range?) -> String { r.map { "[\(fixed($0.lower)), \(fixed($0.upper))]" } ?? "" }
        for (pipeline, t) in tasks {
            let name = escapeHTML(t.task), metric = escapeHTML(t.metricName)
            out += "<tr><td>\(pipeline.uppercased())</td><td>\(name)</td><td>\(metric)</td><td>ANN</td><td class=\"num\">\(fixed(t.ann))</td>"
            out += "<td class=\"num\">\(range(t.intervals?.ann))</td><td></td><td></td><td></td><td></td>"
            out += "<td class=\"num\">\(t.pearson.map { fixed($0.ann) } ?? "")</td><td></td></tr>"
            for (k, s) in t.snn.enumerated() {
                let p = t.pearson?.snn[k], i = t.intervals?.steps.first { $0.T == s.T }
                out += "<tr><td>\(pipeline.uppercased())</td><td>\(name)</td><td>\(metric)</td><td class=\"num\">\(s.T)</td><td class=\"num\">\(fixed(s.value))</td>"
                out += "<td class=\"num\">\(range(i?.value))</td><td class=\"num\">\(fixed(s.drop))</td><td class=\"num\">\(range(i?.drop))</td>"
                out += "<td class=\"num\">\(i?.pValue.map(shortUp) ?? "")</td>"
                out += "<td class=\"num\">\(i?.agreement.map { fixed($0) + " " + range(i?.agreementInterval) } ?? "")</td>"
                out += "<td class=\"num\">\(p.map { fixed($0.value) } ?? "")</td><td class=\"num\">\(p.map { fixed($0.drop) } ?? "")</td></tr>"
            }
        }
        let methods = Set(tasks.compactMap { $0.1.intervals?.description }).sorted()
        out += "</tbody></table>"
        for m in methods { out += "<p class=\"note\">Intervals: \(escapeHTML(m)).</p>" }
        out += "<p class=\"note\">Similarity tasks: Spearman's ρ and Pearson's r of cos(embedding_a, embedding_b) "
        out += "against the gold scores; classification tasks: accuracy (the method is in report.json). Drop = ANN − SNN "
        out += "(negative: the SNN scored higher).</p></section>\n"
        return out
    }

    static func endMetrics(_ r: Report) -> String {
        var out = "<section id=\"end-metrics\"><h2>End metrics against T</h2><div class=\"charts\">"
        for p in r.pipelines {
            out += SVGChart(title: "\(p.pipeline.uppercased()): cosine of the embeddings", series: [
                .init(name: "mean", cssClass: "obs", points: p.endMetrics.map { (Double($0.T), $0.cosineMean) }),
                .init(name: "min", cssClass: "rms", points: p.endMetrics.map { (Double($0.T), $0.cosineMin) }),
            ], logY: false).render()
            out += SVGChart(title: "\(p.pipeline.uppercased()): 1 − mean cosine", series: [
                .init(name: "1 − cos mean", cssClass: "obs", points: p.endMetrics.map { (Double($0.T), 1 - $0.cosineMean) }),
            ]).render()
        }
        out += "</div><table class=\"metrics\"><thead><tr><th>pipeline</th><th>T</th><th>cos min</th><th>cos mean</th><th>rank corr</th>"
        out += "<th>fire rate</th><th>energy</th></tr></thead><tbody>"
        for p in r.pipelines {
            for m in p.endMetrics {
                out += "<tr><td>\(p.pipeline.uppercased())</td><td class=\"num\">\(m.T)</td><td class=\"num\">\(fixed(m.cosineMin))</td>"
                out += "<td class=\"num\">\(fixed(m.cosineMean))</td><td class=\"num\">\(m.rankCorrelation.map(fixed) ?? "n/a")</td>"
                out += "<td class=\"num\">\(fixed(m.firingRate))</td><td class=\"num\">\(fixed(m.energyRatio))</td></tr>"
            }
        }
        out += "</tbody></table><p class=\"note\">Cosine of the last-layer embeddings (the checkpoint's pooling: mean and L2 norm for sentence-transformers, the class token after the final norm for a vision Transformer), ANN against SNN; "
        out += "rank corr: Spearman's ρ of the pairwise similarities; fire rate: spikes per neuron per step; energy: ECMT's "
        out += "estimate relative to the ANN.</p></section>\n"
        return out
    }

    static func drillDown(_ r: Report) -> String {
        var out = "<section id=\"detail\"><h2>Layers in detail</h2><p><button id=\"expand-all\" type=\"button\">Expand all</button> "
        out += "<span class=\"hint\">Or open the page with ?open=all.</span></p>"
        for p in r.pipelines {
            for layer in p.layers {
                out += "<details class=\"layer\" id=\"\(anchor(p, layer))\" data-status=\"\(layer.status.rawValue)\"><summary>"
                out += "\(badge(layer.status.rawValue)) <b>\(p.pipeline.uppercased()) layer \(layer.layer)</b>"
                if let s = layer.steps.last { out += " · observed \(short(s.observed.maxAbs)) at T = \(s.T)" }
                out += "</summary><div class=\"detail\">" + layerDetail(p, layer) + "</div></details>"
            }
        }
        return out + "</section>\n"
    }

    static func layerDetail(_ p: PipelineReport, _ layer: LayerReport) -> String {
        let points = { (f: (LayerStep) -> Double?) in layer.steps.compactMap { s in f(s).map { (Double(s.T), $0) } } }
        var series: [SVGChart.Series] = [
            .init(name: "observed max", cssClass: "obs", points: points { $0.observed.maxAbs }),
            .init(name: "RMS", cssClass: "rms", points: points { $0.observed.rms }),
        ]
        if layer.steps.contains(where: { $0.bound != nil }) {
            series.append(.init(name: "checked", cssClass: "checked", points: points(\.checkedObserved)))
            series.append(.init(name: "bound", cssClass: "bound", points: points(\.bound)))
        }
        var out = "<div class=\"charts\">" + SVGChart(title: "error against T", series: series).render()
        out += "</div>"
        out += "<table class=\"steps\"><thead><tr><th>T</th><th>status</th><th>observed max</th><th>mean</th><th>RMS</th>"
        out += "<th>relative</th><th>checked</th><th>bound</th><th>tightness</th><th>a priori</th><th>population (max-abs · relative)</th>"
        out += "<th>explained (B-INJ)</th><th>remainder</th><th>rounding</th></tr></thead><tbody>"
        for s in layer.steps {
            out += "<tr><td class=\"num\">\(s.T)</td><td>\(badge(s.status.rawValue))</td>"
            out += [s.observed.maxAbs, s.observed.meanAbs, s.observed.rms, s.observed.relative].map { "<td class=\"num\">\(short($0))</td>" }.joined()
            out += "<td class=\"num\">\(s.checkedObserved.map(short) ?? "–")</td>"
            out += "<td class=\"num\">\(s.bound.map(shortUp) ?? "–")</td><td class=\"num\">\(s.tightness.map(short) ?? "–")</td>"
            out += "<td class=\"num\">\(aPriori(s))</td>"
            out += "<td class=\"num\">\(s.population.map { "\(shortUp($0.maxAbs)) · \(shortUp($0.relative))" } ?? "–")</td>"
            out += "<td class=\"num\">\(short(s.explained))</td><td class=\"num\">\(short(s.remainder))</td>"
            out += "<td class=\"num\">\(s.rounding.map(shortUp) ?? "–")</td></tr>"
        }
        out += "</tbody></table>"
        if let s = layer.steps.last {
            out += "<h4>Neuron sites at T = \(s.T)</h4><table class=\"sites\"><thead><tr><th>site</th><th>status</th><th>firing rate</th>"
            out += "<th>a priori B_k(T)</th><th>|V_k(T)|/T</th><th>contribution ‖C‖</th></tr></thead><tbody>"
            for site in s.sites {
                out += "<tr><td>\(escapeHTML(site.site))</td><td>\(badge(site.status.rawValue))</td>"
                out += "<td class=\"num\">\(site.firingRate.map(fixed) ?? "–")</td><td class=\"num\">\(site.bound.map(shortUp) ?? "–")</td>"
                out += "<td class=\"num\">\(site.observed.map(short) ?? "–")</td><td class=\"num\">\(site.contribution.map(short) ?? "–")</td></tr>"
            }
            out += "</tbody></table>"
            if let a = s.attribution {
                out += "<h4>Attribution of \(escapeHTML(a.input))'s error at T = \(s.T) (B-ATTR)</h4><ol class=\"shares\">"
                let largest = a.top.map(\.magnitude).max() ?? 0
                for share in a.top {
                    let w = largest > 0 ? share.magnitude / largest * 100 : 0
                    out += "<li><span class=\"bar\" style=\"width:\(String(format: "%.0f", w))%\"></span>"
                    out += "<span class=\"label\">\(escapeHTML(share.site)) \(short(share.magnitude))</span></li>"
                }
                out += "</ol><p class=\"note\">Interaction ‖E − Σ C‖ (what the sites do together): \(short(a.interaction)).</p>"
            }
        }
        let findings = p.findings.filter { $0.layer == layer.layer }
        if !findings.isEmpty {
            out += "<h4>Findings</h4><ul class=\"findings\">"
            for f in findings { out += "<li>\(escapeHTML(MarkdownReport.describe(f)))</li>" }
            out += "</ul>"
        }
        return out
    }

    /// The largest a priori bound at a step, or *vacuous (cap)* when every one is at or above
    /// its LayerNorm cap.
    static func aPriori(_ s: LayerStep) -> String {
        guard let largest = s.aPriori.map(\.bound).max() else { return "–" }
        if s.aPriori.allSatisfy({ $0.vacuous == true }) {
            return "<em title=\"at or above the LayerNorm cap \(shortUp(s.aPriori.compactMap(\.cap).max() ?? 0)), which bounds the error with no analysis\">vacuous (cap)</em>"
        }
        return shortUp(largest)
    }

    static func provenance(_ r: Report) -> String {
        let p = r.provenance
        var items: [(String, String)] = [
            ("tool", p.tool), ("git revision", p.gitRevision), ("Swift", p.swift), ("GMP", p.gmp), ("matrix products", p.blas),
            ("date", p.date), ("model", p.model.path), ("inputs", ReportSummaries.inputs(p.model.inputs) + " (each named in report.json)"),
            ("T", p.T.map(String.init).joined(separator: ", ")),
            ("seeds", p.seeds.isEmpty ? "none (every stage is deterministic)" : p.seeds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
        ]
        items += p.model.sha256.sorted { $0.key < $1.key }.map { ("SHA-256 \($0.key)", $0.value) }
        if let calibration = p.calibration { items.append(("calibration file SHA-256", calibration)) }
        if let shards = p.shards { items.append(("merged from shards", shards.joined(separator: ", "))) }
        items += p.options.sorted { $0.key < $1.key }.map { ("--\($0.key)", $0.value) }
        for pipeline in r.pipelines {
            items.append(("\(pipeline.pipeline.uppercased()) settings", pipeline.settings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        }
        var out = "<section id=\"provenance\"><h2>Provenance</h2><dl>"
        for (k, v) in items { out += "<dt>\(escapeHTML(k))</dt><dd>\(escapeHTML(v))</dd>" }
        out += "</dl><p>Rerun: <code>\(escapeHTML(p.command))</code></p>"
        var findings = ""
        for pipeline in r.pipelines where !pipeline.findings.isEmpty {
            findings += "<h3>\(pipeline.pipeline.uppercased()) findings (\(MarkdownReport.counts(pipeline.findings)))</h3><ul class=\"findings\">"
            for line in ReportSummaries.findings(pipeline.findings) { findings += "<li>\(escapeHTML(line))</li>" }
            findings += "</ul><p class=\"note\">Each finding is listed in report.json and under its layer above.</p>"
        }
        if !findings.isEmpty { out += "</section>\n<section id=\"findings\"><h2>Findings</h2>" + findings }
        return out + "</section>\n"
    }
}
