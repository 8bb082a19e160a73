import ArgumentParser
import Foundation
import Reports
import SpikingPipelines
import Studies

/// The options that define a report's study: the model, the pipelines, the inputs and tasks,
/// the pipeline settings, the T grid and certificates, the statistics' levels, the tolerances
/// and the report's name. `report`, `calibrate` and `slurm` share them, so that one command line
/// names one study whichever stage runs it.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The model folder (default: the embedded MiniLM-L6 fixture, Fixtures/minilm-l6, with the first 48 SimLex-999 pairs as its task).", valueName: "DIR"))
    var model: String?

    @Option(help: ArgumentHelp("The pipelines, comma-separated: ecmt, sta.", valueName: "P,…"), transform: ReportOptions.parsePipelines)
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
        // A margin of 0 is the default: left out, so that a replay's replay is the same command.
        if aPriori > 0 { c += " --a-priori \(aPriori)" + ((analysis.margin ?? .zero).isZero ? "" : " --margin \(shellQuoted(analysis.marginText))") }
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
