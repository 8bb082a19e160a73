import ArgumentParser
import Bounds
import ExactArithmetic
import Foundation
import Reports
import SpikingOperators
import SpikingPipelines
import Synchronization
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
            sentence for both (B-NET for ECMT, B-STA for STA), written to reports/minilm-l6/. About 7 minutes on 2 cores with a release build \
            and without OpenBLAS (437 s measured; docs/benchmarks.md); the a priori analyses run beside the inputs.

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

            report.json (schema spikebound-report/1, docs/report-schema.md) holds everything; report.md and \
            index.html are rendered from it. `spikebound check` gates CI on it. The command exits 0 when it wrote \
            the report, whatever the verdict; 2 on bad input.

            Examples:
              spikebound report
              spikebound report --pipelines ecmt --T 1,4,16,64 --a-priori none
              spikebound report --a-priori ecmt:1,sta:1 --margin 1/1024 --out reports/minilm-domain
              spikebound report --model Fixtures/tiny-vit --a-priori ecmt:1,sta:1 --certify 1 --rounding-check
              spikebound report --certify 0 --a-priori none      (no certified bound: every layer unchecked)
            """
    )

    @Option(help: ArgumentHelp("The model folder (default: the embedded MiniLM-L6 fixture, Fixtures/minilm-l6).", valueName: "DIR"))
    var model: String?

    @Option(help: ArgumentHelp("The pipelines, comma-separated: ecmt, sta.", valueName: "P,…"))
    var pipelines = "ecmt,sta"

    @Option(name: .customLong("T"), help: ArgumentHelp("The time steps, comma-separated.", valueName: "T,…"))
    var steps = "1,2,4,8,16,32,64"

    @Option(name: .customLong("a-priori"), help: ArgumentHelp(
        "A priori bounds: PIPELINE:N,… bounds the first N inputs' domains for that pipeline, or none. On MiniLM about 15 s per input for ECMT and 17 s for STA (centred forms) with a release build, beside the inputs' runs.",
        valueName: "SPEC"))
    var aPriori = "ecmt:1,sta:1"

    @Option(help: ArgumentHelp("The half-width of each input entry's box in the a priori domains, such as 0, 1e-3 or 1/64.", valueName: "M"))
    var margin = "0"

    @Option(help: ArgumentHelp(
        "Certify the error of the first N inputs (or all) against the exact ANN (B-CERT: the ANN in Arb balls at 192 bits, about 1.6 s per MiniLM sentence on 2 cores with a release build).",
        valueName: "N|all"))
    var certify = InputCount.all

    @Option(help: ArgumentHelp("Attribute the first N inputs' errors to neuron sites.", valueName: "N"))
    var attribute = 1

    @Flag(help: "Bound the Double reference's floating-point rounding with a certified run on the first input (about 2 min on MiniLM).")
    var roundingCheck = false

    @Option(help: "The precision, in bits, of the interval runs.")
    var bits = 64

    @OptionGroup(title: "Inputs")
    var input: InputOptions

    @Option(help: ArgumentHelp("A tolerance config (docs/report-schema.md) for the loose and over-tolerance statuses.", valueName: "FILE"))
    var tolerances: String?

    @Option(help: ArgumentHelp("The report's name (default: the model folder's name).", valueName: "NAME"))
    var name: String?

    @Option(help: ArgumentHelp("The output folder (default: reports/NAME).", valueName: "DIR"))
    var out: String?

    @Flag(help: "No progress on standard error (it is shown only on a terminal, and never when CI is set).")
    var quiet = false

    func validate() throws {
        _ = try StepGrid.parse(steps)
        _ = try parsedPipelines()
        _ = try parsedAPriori()
        _ = try parsedMargin()
        guard attribute >= 0 else { throw ValidationError("--attribute must be ≥ 0, got \(attribute)") }
        guard (16...Precision.maximumBits).contains(bits) else {
            throw ValidationError("--bits must be between 16 and \(Precision.maximumBits), got \(bits)")
        }
        if let name, name.isEmpty || name.contains("/") || name.hasPrefix(".") {
            throw ValidationError("--name must be a plain folder name, got '\(name)'")
        }
    }

    func parsedPipelines() throws -> [PipelineKind] {
        var out = [PipelineKind]()
        for item in pipelines.split(separator: ",", omittingEmptySubsequences: false) {
            let text = item.trimmingCharacters(in: .whitespaces)
            guard let kind = PipelineKind(rawValue: text) else {
                throw ValidationError("--pipelines: '\(text)' is not a pipeline (ecmt, sta)")
            }
            if !out.contains(kind) { out.append(kind) }
        }
        guard !out.isEmpty else { throw ValidationError("--pipelines must name at least one pipeline") }
        return out
    }

    /// "ecmt:1,sta:1" → [.ecmt: 1, .sta: 1]; "none" → [:]. A bare pipeline name means 1.
    func parsedAPriori() throws -> [PipelineKind: Int] {
        if aPriori == "none" { return [:] }
        var out = [PipelineKind: Int]()
        for item in aPriori.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let kind = PipelineKind(rawValue: parts[0]), parts.count <= 2 else {
                throw ValidationError("--a-priori: '\(item)' is not PIPELINE:N (ecmt:1, sta:1) or none")
            }
            let count = parts.count == 2 ? Int(parts[1]) : 1
            guard let count, count >= 0 else { throw ValidationError("--a-priori: '\(item)': N must be an integer ≥ 0") }
            out[kind] = count
        }
        return out
    }

    func parsedMargin() throws -> Rational {
        let value: Rational
        do { value = try InputParsing.rational(margin, name: "--margin") } catch { throw ValidationError("\(error)") }
        guard value.sign >= 0 else { throw ValidationError("--margin must be ≥ 0, got \(margin)") }
        return value
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
        if self.model == nil, input.pairs == nil, input.inputs == nil, input.texts == nil { input.pairs = Self.defaultTask(model: model) }
        let steps = try StepGrid.parse(self.steps)
        let kinds = try parsedPipelines(), aPrioriCounts = try parsedAPriori()
        let tolerances = try self.tolerances.map { path in
            do { return try ReportJSON.tolerances(at: path) } catch let e as ReportError { throw InputError(e.description) }
        }
        let loaded = try LoadedModel(model: model, options: input)
        let name = self.name ?? URL(fileURLWithPath: model).standardizedFileURL.lastPathComponent
        let folder = out ?? "reports/\(name)"
        let margin = try parsedMargin()
        let progress = ProgressLine(quiet: quiet)
        // The progress line ends before anything else is printed, an error included.
        defer { progress.finish() }
        let certified = certify.of(loaded.samples.count)
        let enclosures = certified == 0 ? nil : try ReferenceEnclosures(
            weights: loaded.weights, samples: Array(loaded.samples.prefix(certified)))
        let jobs = kinds.map { kind in
            let n = aPrioriCounts[kind] ?? 0
            return ReportJob(
                configuration: PipelineConfiguration(kind: kind), steps: steps, aPriori: n, certify: certified, enclosures: enclosures,
                attribute: attribute, margin: margin, bits: bits, replay: replayRun(model: model, kind: kind, steps: steps, aPriori: n))
        }
        // The pipelines run side by side, each on its own thread (SideBySide), and so does each
        // a priori analysis beside its pipeline's inputs.
        let results = Mutex([Result<PipelineRun, Error>?](repeating: nil, count: jobs.count))
        SideBySide.run(jobs.indices.map { k in {
            let r = Result { try jobs[k].run(loaded, progress: progress) }
            results.withLock { $0[k] = r }
        } })
        var runs = [PipelineRun]()
        do {
            runs = try results.withLock { all in try all.map { try ($0 ?? .failure(InputError("a pipeline did not run"))).get() } }
        } catch let error as OperatorError {
            if case .undecided = error { throw CheckFailure(description: "\(error)") }
            throw InputError("\(error)")
        }
        if roundingCheck, let first = loaded.samples.first {
            progress.update("rounding", stage: "certified reference on \(first.name)", done: 0)
            let rounding = try RoundingCheck.measure(weights: loaded.weights, sample: first, bits: bits)
            for k in runs.indices { runs[k].rounding = rounding.layers }
        }
        progress.finish()
        let provenance = Provenance(
            tool: "spikebound \(SpikeBoundVersion.current)", gitRevision: ReportProvenance.gitRevision(),
            swift: ReportProvenance.swift, gmp: ReportProvenance.gmp, blas: ReportProvenance.blas, date: ReportProvenance.now(),
            model: try ReportProvenance.model(model, loaded), T: steps, seeds: [:], options: options(kinds, aPrioriCounts),
            command: replayReport(model: model, kinds: kinds, steps: steps))
        let report = try ReportBuilder.build(name: name, provenance: provenance, runs: runs, tolerances: tolerances)
        let paths = try ReportFiles.write(report, to: folder)
        print(ReportFiles.summary(report, paths: paths, seconds: Date().timeIntervalSince(started)), terminator: "")
    }

    func options(_ kinds: [PipelineKind], _ aPriori: [PipelineKind: Int]) -> [String: String] {
        var o: [String: String] = [
            "pipelines": kinds.map(\.rawValue).joined(separator: ","),
            "a-priori": aPriori.isEmpty ? "none" : aPriori.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue):\($0.value)" }.joined(separator: ","),
            "margin": margin, "certify": "\(certify)", "attribute": "\(attribute)", "rounding-check": "\(roundingCheck)", "bits": "\(bits)",
        ]
        o.merge(input.settings) { a, _ in a }
        if let tolerances { o["tolerances"] = tolerances }
        return o
    }

    /// `spikebound run` with the options that reproduce one pipeline's part.
    func replayRun(model: String, kind: PipelineKind, steps: [Int], aPriori: Int) -> String {
        var c = "spikebound run --model \(shellQuoted(model)) --pipeline \(kind.rawValue) --T \(steps.map(String.init).joined(separator: ",")) --bounds"
        c += " --attribute \(attribute)"
        if aPriori > 0 { c += " --a-priori \(aPriori)" + (margin == "0" ? "" : " --margin \(shellQuoted(margin))") }
        if !certify.isNone { c += " --certify \(certify)" }
        if aPriori > 0 { c += " --bits \(bits)" }
        return c + input.replayArguments
    }

    /// `spikebound report` with every option of this run.
    func replayReport(model: String, kinds: [PipelineKind], steps: [Int]) -> String {
        var c = "spikebound report --model \(shellQuoted(model)) --pipelines \(kinds.map(\.rawValue).joined(separator: ","))"
        c += " --T \(steps.map(String.init).joined(separator: ",")) --a-priori \(aPriori) --margin \(shellQuoted(margin))"
        c += " --certify \(certify) --attribute \(attribute) --bits \(bits)" + (roundingCheck ? " --rounding-check" : "")
        c += input.replayArguments
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
