import ArgumentParser
import Bounds
import ExactArithmetic
import Foundation
import Reports
import SpikingOperators
import SpikingPipelines
import Synchronization
import Studies
import Tensors

/// `spikebound report`: the main job. Converts a model with each pipeline, bounds and measures
/// the conversion error per layer, site and T, and writes report.json, report.md and
/// index.html under reports/NAME.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run the conversion study and write report.json, report.md and index.html (the main job).",
        discussion: """
            With no arguments: the embedded all-MiniLM-L6-v2 fixture (Fixtures/minilm-l6, 18 sentences), both \
            pipelines (ECMT and STA), T ∈ {1, 2, 4, 8, 16, 32, 64}, the a priori bound over the first \
            sentence for both (B-NET for ECMT, B-STA for STA), and the task metric of the first 48 SimLex-999 \
            pairs (Fixtures/tasks/simlex-quick.tsv: Spearman of the ANN and the SNN at every T), written to \
            reports/minilm-l6/. About 3 minutes on 2 cores with a release build, with or without OpenBLAS (172 s \
            measured; docs/benchmarks.md); the a priori analyses run beside the inputs. Padded tokens are \
            dropped before the runs (their results would be masked out).

            Inputs and tasks are as for `spikebound run` (--inputs or --texts, --pairs or --labels, --max-tokens), \
            and so are the pipeline settings (--levels, --rule, --placement, --percentile, --burst-limit, \
            --calibration-T, --group-operators, --softmax-shift). The thresholds are calibrated on the primary \
            inputs (the task's texts only when there are none).

            Per pipeline, every input runs once to the largest T (the prefix property gives every T of the grid), \
            with its a posteriori certificate (B-INJ, in Double) and the first --attribute inputs' attribution to \
            neuron sites (B-ATTR). --a-priori bounds the error over the domains of the first inputs (B-NET for \
            ECMT through centred forms about the exact ANN, B-CF; B-STA for STA through centred forms, B-CF-STA, or in \
            intervals at --bits bits where those overflow; with \
            --margin > 0 also the worst error over 16 points of each domain); --certify (default: every input) bounds \
            each input's error against the exact ANN (B-CERT: the ANN enclosed in Arb balls, computed once for both \
            pipelines). Those certified bounds decide each layer's status: \
            unsound (an observed error above its bound), loose or over-tolerance (a bound or an error above its \
            limit in --tolerances), sound, or unchecked (no certified bound ran there).

            Past the inputs that were run: each layer's population bound at every T (POP-OS, proofs/statistics): \
            with confidence --confidence (default 0.95), at least a fraction --coverage (default 0.95) of inputs \
            from the same population have an error at or below it, on max-abs and relative error, and the feature \
            cosine from below; every term is certified (B-CERT, B-COS) except the assumption that the inputs are an \
            independent sample of that population. Too few certified inputs give no bound and the number needed \
            (59 at 0.95/0.95). Every task figure and every drop from the ANN to the SNN has an interval: exact \
            Clopper–Pearson for accuracy and agreement (the fraction of inputs whose SNN top-1 equals the ANN's), \
            the exact McNemar test for a classification drop, a paired bootstrap (approximate) for correlations. \
            Each pipeline's section opens with "T needed": the smallest T of the grid from which a target holds \
            at that confidence (targets from --tolerances: maxDropUpper, population, populationRelative; by \
            default each task's drop ≤ 0.01 and the last layer's relative population bound ≤ 0.1).

            report.json (schema spikebound-report/4, docs/report-schema.md) holds everything; report.md and \
            index.html are rendered from it. `spikebound check` gates CI on it. The command exits 0 when it wrote \
            the report, whatever the verdict; 2 on bad input.

            Examples:
              spikebound report
              spikebound report --pipelines ecmt --T 1,4,16,64 --a-priori none
              spikebound report --a-priori ecmt:1,sta:1 --margin 1/1024 --out reports/minilm-domain
              spikebound report --model Fixtures/tiny-vit --a-priori ecmt:1,sta:1 --certify 1 --rounding-check
              spikebound report --certify 0 --a-priori none      (no certified bound: every layer unchecked)
              spikebound report --coverage 0.9 --confidence 0.99 (a population bound for 90% of inputs, at 99%)
            """
    )

    @Option(help: ArgumentHelp("The model folder (default: the embedded MiniLM-L6 fixture, Fixtures/minilm-l6, with the first 48 SimLex-999 pairs as its task).", valueName: "DIR"))
    var model: String?

    @Option(help: ArgumentHelp("The pipelines, comma-separated: ecmt, sta.", valueName: "P,…"), transform: ReportCommand.parsePipelines)
    var pipelines: [PipelineKind] = [.ecmt, .sta]

    @OptionGroup(title: "Inputs")
    var input: InputOptions

    @OptionGroup(title: "Pipeline settings")
    var settings: PipelineOptions

    @OptionGroup(title: "T grid and certificates")
    var analysis: AnalysisOptions

    @OptionGroup(title: "Population bounds and intervals")
    var statistics: StatisticsOptions

    @Option(help: ArgumentHelp("A tolerance config (docs/report-schema.md) for the loose and over-tolerance statuses and the task limits.", valueName: "FILE"))
    var tolerances: String?

    @Option(help: ArgumentHelp("The report's name (default: the model folder's name).", valueName: "NAME"))
    var name: String?

    @Option(help: ArgumentHelp("The output folder (default: reports/NAME).", valueName: "DIR"))
    var out: String?

    @Flag(help: "No progress on standard error (it is shown only on a terminal, and never when CI is set).")
    var quiet = false

    static let defaultSteps = [1, 2, 4, 8, 16, 32, 64]
    static let defaultAPriori = APrioriCounts(all: nil, byPipeline: [.ecmt: 1, .sta: 1])

    func validate() throws {
        if let name, name.isEmpty || name.contains("/") || name.hasPrefix(".") {
            throw ValidationError("--name must be a plain folder name, got '\(name)'")
        }
        if settings.staStructure == .public {
            throw ValidationError(
                "a report bounds every layer, and the bounds cover STA's spikebound structure only: run `spikebound run --pipeline sta --sta-structure public` instead (docs/sta-structures.md)")
        }
        if settings.burstRule != .exact {
            throw ValidationError(
                "a report bounds every layer, and the bounds hold for the exact burst rule only: run `spikebound run --burst-rule public-guard` instead (proofs/bounds/B-SB.md)")
        }
    }

    static func parsePipelines(_ text: String) throws -> [PipelineKind] {
        var out = [PipelineKind]()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = item.trimmingCharacters(in: .whitespaces)
            guard let kind = PipelineKind(rawValue: name) else {
                throw ValidationError("'\(name)' is not a pipeline (ecmt, sta)")
            }
            if !out.contains(kind) { out.append(kind) }
        }
        guard !out.isEmpty else { throw ValidationError("name at least one pipeline") }
        return out
    }

    /// The embedded default: Fixtures/minilm-l6 in the current folder, else in the checkout this
    /// tool was built from.
    static func defaultModel() throws -> String {
        let relative = "Fixtures/minilm-l6"
        if FileManager.default.fileExists(atPath: relative + "/config.json") { return relative }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let built = root.appendingPathComponent(relative).path
        if FileManager.default.fileExists(atPath: built + "/config.json") { return built }
        throw InputError("the default model \(relative) is not here nor in \(root.path); run from the SpikeBound checkout or pass --model DIR")
    }

    /// The default main job's task: the first 48 pairs of SimLex-999, beside the default model.
    static func defaultTask(model: String) -> String? {
        let url = URL(fileURLWithPath: model).deletingLastPathComponent().appendingPathComponent("tasks/simlex-quick.tsv")
        return FileManager.default.fileExists(atPath: url.path) ? url.path : nil
    }

    mutating func run() throws {
        let started = Date()
        let model = try self.model ?? Self.defaultModel()
        if self.model == nil, input.pairs.isEmpty, input.labels.isEmpty, input.imageClasses.isEmpty, input.inputs == nil, input.texts == nil,
            input.images == nil
        {
            input.pairs = Self.defaultTask(model: model).map { [$0] } ?? []
        }
        let steps = analysis.steps ?? Self.defaultSteps
        let aPriori = analysis.aPriori ?? Self.defaultAPriori
        let tolerances = try self.tolerances.map { path in
            do { return try ReportJSON.tolerances(at: path) } catch let e as ReportError { throw InputError(e.description) }
        }
        let inputs = try StudyInputs(model: model, options: input.selection)
        let name = self.name ?? URL(fileURLWithPath: model).standardizedFileURL.lastPathComponent
        let folder = out ?? "reports/\(name)"
        let margin = analysis.margin ?? .zero
        let progress = ProgressLine(quiet: quiet)
        // The progress line ends before anything else is printed, an error included.
        defer { progress.finish() }
        let certified = (analysis.certify ?? .all).of(inputs.samples.count)
        let enclosures = try inputs.enclosures(first: certified)
        let jobs = pipelines.map { kind in
            let n = aPriori.count(for: kind)
            let plan = StudyPlan(
                configuration: settings.configuration(kind, steps: steps), steps: steps, certificates: true, attribute: analysis.attribute ?? 1,
                certify: certified, aPriori: n, margin: margin, bits: analysis.bits)
            return ReportJob(
                plan: plan, enclosures: enclosures, replay: replayRun(model: model, kind: kind, steps: steps, aPriori: n),
                coverage: statistics.coverage, confidence: statistics.confidence)
        }
        // The pipelines run side by side, each on its own thread (SideBySide), and so does each
        // a priori analysis beside its pipeline's inputs.
        let results = Mutex([Result<PipelineRun, Error>?](repeating: nil, count: jobs.count))
        SideBySide.run(jobs.indices.map { k in {
            let r = Result { try jobs[k].run(inputs, progress: progress) }
            results.withLock { $0[k] = r }
        } })
        var runs = [PipelineRun]()
        do {
            runs = try results.withLock { all in try all.map { try ($0 ?? .failure(InputError("a pipeline did not run"))).get() } }
        } catch let error as OperatorError {
            throw InputError.fromStudy(error)
        }
        if analysis.roundingCheck, let first = inputs.samples.first {
            progress.update("rounding", stage: "certified reference on \(first.name)", done: 0)
            let rounding = try RoundingCheck.measure(weights: inputs.weights, sample: first, bits: analysis.bits)
            for k in runs.indices { runs[k].rounding = rounding.layers }
        }
        progress.finish()
        let provenance = Provenance(
            tool: "spikebound \(SpikeBoundVersion.current)", gitRevision: ReportProvenance.gitRevision(),
            swift: ReportProvenance.swift, gmp: ReportProvenance.gmp, blas: ReportProvenance.blas, date: ReportProvenance.now(),
            model: try ReportProvenance.model(model, inputs), T: steps, seeds: [:], options: options(aPriori),
            command: replayReport(model: model, steps: steps, aPriori: aPriori))
        let report = try ReportBuilder.build(name: name, provenance: provenance, runs: runs, tolerances: tolerances)
        let paths = try ReportFiles.write(report, to: folder)
        print(ReportFiles.summary(report, paths: paths, seconds: Date().timeIntervalSince(started)), terminator: "")
    }

    func options(_ aPriori: APrioriCounts) -> [String: String] {
        var o: [String: String] = [
            "pipelines": pipelines.map(\.rawValue).joined(separator: ","), "a-priori": aPriori.description, "margin": analysis.marginText,
            "certify": "\(analysis.certify ?? .all)", "attribute": "\(analysis.attribute ?? 1)", "rounding-check": "\(analysis.roundingCheck)",
            "bits": "\(analysis.bits)", "coverage": statistics.coverage.description, "confidence": statistics.confidence.description,
        ]
        o.merge(input.settings) { a, _ in a }
        if let tolerances { o["tolerances"] = tolerances }
        return o
    }

    /// `spikebound run` with the options that reproduce one pipeline's part.
    func replayRun(model: String, kind: PipelineKind, steps: [Int], aPriori: Int) -> String {
        var c = "spikebound run --model \(shellQuoted(model)) --pipeline \(kind.rawValue) --T \(steps.map(String.init).joined(separator: ",")) --bounds"
        c += " --attribute \(analysis.attribute ?? 1)"
        if aPriori > 0 { c += " --a-priori \(aPriori)" + (analysis.margin == nil ? "" : " --margin \(shellQuoted(analysis.marginText))") }
        let certify = analysis.certify ?? .all
        if !certify.isNone { c += " --certify \(certify)" }
        if aPriori > 0 { c += " --bits \(analysis.bits)" }
        return c + settings.replayArguments + input.replayArguments
    }

    /// `spikebound report` with every option of this run.
    func replayReport(model: String, steps: [Int], aPriori: APrioriCounts) -> String {
        var c = "spikebound report --model \(shellQuoted(model)) --pipelines \(pipelines.map(\.rawValue).joined(separator: ","))"
        c += " --T \(steps.map(String.init).joined(separator: ",")) --a-priori \(aPriori) --margin \(shellQuoted(analysis.marginText))"
        c += " --certify \(analysis.certify ?? .all) --attribute \(analysis.attribute ?? 1) --bits \(analysis.bits)"
        c += analysis.roundingCheck ? " --rounding-check" : ""
        c += " --coverage \(statistics.coverage) --confidence \(statistics.confidence)"
        c += settings.replayArguments + input.replayArguments
        if let tolerances { c += " --tolerances \(shellQuoted(tolerances))" }
        return c
    }
}

/// A word as a POSIX shell reads it back: bare when safe, else in single quotes.
func shellQuoted(_ s: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:,=+@%")
    if !s.isEmpty && s.allSatisfy({ safe.contains($0) }) { return s }
    return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
