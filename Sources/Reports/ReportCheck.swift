/// `spikebound check`: the CI gate. A report fails when a result is unsound, when a bound or an
/// observed error is above its tolerance, or when a value regressed past its margin against a
/// baseline report of the same model.
public struct ReportCheck: Sendable {
    public enum Kind: String, Sendable, Codable {
        case unsound, overTolerance = "over-tolerance", loose, regressed, missing, unchecked
    }

    public struct Problem: Sendable, Equatable {
        public let kind: Kind
        public let place: String
        public let message: String
    }

    /// The report as judged under the tolerances.
    public let judged: Report
    public let problems: [Problem]
    /// Things the user should know that do not fail the gate (a limit that matches nothing).
    public let warnings: [String]

    public var passed: Bool { problems.isEmpty }

    /// Judges `report` under `tolerances` (the report's own when nil) and compares it with
    /// `baseline`. A baseline of another model or schema is an error, not a failure. With
    /// `requireChecked`, a layer·T where no certified bound ran (status unchecked) fails too.
    public init(report: Report, tolerances: Tolerances?, baseline: Report?, requireChecked: Bool = false) throws {
        let tolerances = tolerances ?? report.tolerances
        judged = ReportJudge.judged(report, tolerances: tolerances)
        var problems = [Problem]()
        for p in judged.pipelines {
            for layer in p.layers {
                for s in layer.steps {
                    let place = "\(p.pipeline) layer \(layer.layer) T=\(s.T)"
                    if requireChecked, s.status == .unchecked {
                        problems.append(Problem(kind: .unchecked, place: place, message: "no certified bound ran here (add --a-priori or --certify)"))
                    }
                    for reason in s.reasons {
                        let kind: Kind = switch reason.status {
                        case .unsound: .unsound
                        case .loose: .loose
                        default: .overTolerance
                        }
                        problems.append(Problem(kind: kind, place: place, message: reason.message))
                    }
                }
            }
        }
        for p in judged.pipelines {
            for task in p.tasks {
                for step in task.snn {
                    let limits = (tolerances?.tasks ?? []).filter { $0.matches(pipeline: p.pipeline, task: task.task, T: step.T) }
                    let place = "\(p.pipeline) task \(task.task) T=\(step.T)"
                    if let limit = limits.compactMap(\.maxDrop).min(), !(step.drop <= limit) {
                        problems.append(Problem(kind: .overTolerance, place: place, message:
                            "\(task.metricName) \(fixed(step.value)) is \(fixed(step.drop)) below the ANN's \(fixed(task.ann)) (limit \(limit))"))
                    }
                    if let limit = limits.compactMap(\.maxDropUpper).min() {
                        let upper = task.intervals?.steps.first { $0.T == step.T }?.drop.upper
                        if let upper, !(upper <= limit) {
                            problems.append(Problem(kind: .overTolerance, place: place, message:
                                "the upper end of the \(task.metricName) drop's interval, \(fixed(upper)), is above the limit \(limit)"))
                        } else if upper == nil {
                            problems.append(Problem(kind: .overTolerance, place: place, message:
                                "the limit \(limit) names the drop's interval, and the report has none here"))
                        }
                    }
                }
            }
        }
        var warnings = [String]()
        for (k, limit) in (tolerances?.tasks ?? []).enumerated()
        where !judged.pipelines.contains(where: { p in
            p.tasks.contains { t in t.snn.contains { limit.matches(pipeline: p.pipeline, task: t.task, T: $0.T) } }
        }) {
            warnings.append("task limit \(k) matches no task metric in the report")
        }
        for (k, limit) in (tolerances?.limits ?? []).enumerated() where !Self.matchesSomething(limit, judged) {
            warnings.append("limit \(k) (\(Self.describe(limit))) matches nothing in the report")
        }
        if let baseline { problems += try Self.regressions(judged, against: baseline, margins: tolerances?.regression ?? .defaults) }
        self.problems = problems
        self.warnings = warnings
    }

    static func matchesSomething(_ limit: Tolerances.Limit, _ report: Report) -> Bool {
        report.pipelines.contains { p in
            p.layers.contains { layer in
                layer.steps.contains { s in
                    limit.site == nil
                        ? limit.matches(pipeline: p.pipeline, layer: layer.layer, site: nil, T: s.T)
                        : s.sites.contains { limit.matches(pipeline: p.pipeline, layer: layer.layer, site: $0.site, T: s.T) }
                }
            }
        }
    }

    static func describe(_ l: Tolerances.Limit) -> String {
        var parts = [String]()
        if let p = l.pipeline { parts.append("pipeline \(p)") }
        if let layer = l.layer { parts.append("layer \(layer)") }
        if let site = l.site { parts.append("site \(site)") }
        if let T = l.T { parts.append("T \(T.map(String.init).joined(separator: ","))") }
        return parts.isEmpty ? "everything" : parts.joined(separator: ", ")
    }

    static func regressions(_ report: Report, against baseline: Report, margins: Tolerances.Regression) throws -> [Problem] {
        let now = report.provenance.model.sha256, then = baseline.provenance.model.sha256
        for (file, hash) in then where now[file] != nil && now[file] != hash {
            throw ReportError("baseline: it is of another model (\(file) has SHA-256 \(hash.prefix(12))…, the report's \(now[file]?.prefix(12) ?? "")…)")
        }
        var problems = [Problem]()
        for base in baseline.pipelines {
            guard let p = report.pipelines.first(where: { $0.pipeline == base.pipeline }) else {
                problems.append(Problem(kind: .missing, place: base.pipeline, message: "the baseline's pipeline \(base.pipeline) is not in the report"))
                continue
            }
            for baseLayer in base.layers {
                guard let layer = p.layers.first(where: { $0.layer == baseLayer.layer }) else {
                    problems.append(Problem(kind: .missing, place: "\(p.pipeline) layer \(baseLayer.layer)", message: "the baseline's layer is not in the report"))
                    continue
                }
                for b in baseLayer.steps {
                    guard let s = layer.steps.first(where: { $0.T == b.T }) else { continue }
                    let place = "\(p.pipeline) layer \(layer.layer) T=\(b.T)"
                    let limit = b.observed.maxAbs * (1 + margins.observedRelative)
                    if !(s.observed.maxAbs <= limit) {
                        problems.append(Problem(kind: .regressed, place: place, message:
                            "observed max \(short(s.observed.maxAbs)) against the baseline's \(short(b.observed.maxAbs)) (margin \(short(margins.observedRelative * 100))%)"))
                    }
                    if let old = b.bound {
                        if let new = s.bound {
                            if new > old * (1 + margins.boundRelative) {
                                problems.append(Problem(kind: .regressed, place: place, message:
                                    "bound \(shortUp(new)) against the baseline's \(shortUp(old)) (margin \(short(margins.boundRelative * 100))%)"))
                            }
                        } else {
                            problems.append(Problem(kind: .missing, place: place, message: "the baseline has a certified bound here (\(shortUp(old))); the report has none"))
                        }
                    }
                }
            }
            for baseTask in base.tasks {
                if let task = p.tasks.first(where: { $0.task == baseTask.task }) {
                    for b in baseTask.snn {
                        guard let m = task.snn.first(where: { $0.T == b.T }) else { continue }
                        if !(m.value >= b.value - margins.taskDrop) {
                            problems.append(Problem(kind: .regressed, place: "\(p.pipeline) task \(task.task) T=\(b.T)", message:
                                "\(task.metricName) \(fixed(m.value)) against the baseline's \(fixed(b.value)) (margin \(margins.taskDrop))"))
                        }
                    }
                } else {
                    problems.append(Problem(kind: .missing, place: "\(p.pipeline) task \(baseTask.task)", message: "the baseline's task \(baseTask.task) is not in the report"))
                }
            }
            for b in base.endMetrics {
                guard let m = p.endMetrics.first(where: { $0.T == b.T }) else { continue }
                if !(m.cosineMean >= b.cosineMean - margins.cosineDrop) {
                    problems.append(Problem(kind: .regressed, place: "\(p.pipeline) end metric T=\(b.T)", message:
                        "cos mean \(fixed(m.cosineMean)) against the baseline's \(fixed(b.cosineMean)) (margin \(margins.cosineDrop))"))
                }
            }
        }
        return problems
    }

    /// What `check` prints: a verdict line, then what failed, as GitHub-flavoured Markdown.
    public func markdown(reportPath: String, baselinePath: String?) -> String {
        var out = "## spikebound check: \(passed ? "PASS" : "FAIL")\n\n"
        out += "Report `\(reportPath)` (\(judged.name)): verdict **\(judged.verdict.rawValue)**"
        out += baselinePath.map { ", against the baseline `\($0)`" } ?? ", no baseline"
        out += judged.tolerances.map { ", \($0.limits.count) tolerance limit\($0.limits.count == 1 ? "" : "s")" } ?? ", no tolerances"
        out += ".\n"
        for w in warnings { out += "\n> warning: \(w)\n" }
        if passed {
            out += "\nEvery certified bound holds"
            out += judged.tolerances == nil ? "" : ", every value is within its tolerance"
            out += baselinePath == nil ? "" : ", nothing regressed past its margin"
            return out + ".\n"
        }
        out += "\n| problem | where | what |\n|:---|:---|:---|\n"
        for p in problems.prefix(40) { out += "| \(p.kind.rawValue) | \(p.place) | \(p.message.replacingOccurrences(of: "|", with: "\\|")) |\n" }
        if problems.count > 40 { out += "\n… \(problems.count - 40) more.\n" }
        let replays = Set(judged.pipelines.filter { $0.verdict != .sound && $0.verdict != .unchecked }.map(\.replay)).sorted()
        for r in replays { out += "\nReplay: `\(r)`\n" }
        return out
    }
}
