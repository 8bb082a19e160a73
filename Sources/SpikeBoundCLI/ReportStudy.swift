import Bounds
import Foundation
import Reports
import ScaleOut
import SpikingPipelines
import Studies
import Synchronization
import Tensors

/// A report's study with every default resolved and its inputs loaded: what `report`,
/// `calibrate` and each shard start from. Its three stages are the scale-out's: calibrate (or
/// read a calibration file), run a shard's inputs into records, and turn every input's records
/// into the report (`ReportStudy.report`, which `merge` runs too).
struct ReportStudy {
    let options: ReportOptions
    let model: String
    let name: String
    let steps: [Int]
    let aPriori: APrioriCounts
    let inputs: StudyInputs
    /// How many of the first inputs B-CERT certifies.
    let certified: Int
    let header: StudyHeader
    /// The tolerance file, read before anything runs so that a bad one is refused first.
    let tolerances: Tolerances?

    /// Resolves `given`'s defaults (the embedded model and its task, the T grid, the a priori
    /// inputs) and loads the inputs, running the Double reference over `checking`'s samples.
    init(_ given: ReportOptions, checking: StudyShard? = .whole) throws {
        var options = given
        let model = try options.model ?? ReportOptions.defaultModel()
        let input = options.input
        if options.model == nil, input.pairs.isEmpty, input.labels.isEmpty, input.imageClasses.isEmpty, input.inputs == nil,
            input.texts == nil, input.images == nil
        {
            options.input.pairs = ReportOptions.defaultTask(model: model).map { [$0] } ?? []
        }
        self.options = options
        self.model = model
        steps = options.analysis.steps ?? ReportOptions.defaultSteps
        aPriori = options.analysis.aPriori ?? ReportOptions.defaultAPriori
        name = options.name ?? URL(fileURLWithPath: model).standardizedFileURL.lastPathComponent
        tolerances = try Self.tolerances(options.tolerances)
        inputs = try StudyInputs(model: model, options: options.input.selection, checking: checking)
        certified = (options.analysis.certify ?? .all).of(inputs.samples.count)
        let margin = options.analysis.margin ?? .zero
        let steps = self.steps, aPriori = self.aPriori
        header = StudyHeader(
            name: name, model: try ModelProvenance(model: model, inputs: inputs), modelFolder: try ContentHash.modelFolder(inputs),
            selection: options.input.selection, steps: steps,
            pipelines: options.pipelines.map { kind in
                StudyHeader.Part(
                    pipeline: kind, settings: RunOutput.settings(of: options.settings.configuration(kind, steps: steps)),
                    replay: options.replayRun(model: model, kind: kind, steps: steps, aPriori: aPriori.count(for: kind)),
                    margin: margin.description, bits: options.analysis.bits)
            }, roundingCheck: options.analysis.roundingCheck, coverage: options.statistics.coverage.description,
            confidence: options.statistics.confidence.description, tolerances: options.tolerances, options: options.options(aPriori),
            command: options.replayReport(model: model, steps: steps, aPriori: aPriori))
    }

    var tool: String { SpikeBoundVersion.tool }

    /// The tolerance file at `path`, or a one-line error.
    static func tolerances(_ path: String?) throws -> Tolerances? {
        try path.map { path in
            do { return try ReportJSON.tolerances(at: path) } catch let e as ReportError { throw InputError(e.description) }
        }
    }

    func plan(_ kind: PipelineKind) -> StudyPlan {
        let analysis = options.analysis
        return StudyPlan(
            configuration: options.settings.configuration(kind, steps: steps), steps: steps, certificates: true,
            attribute: analysis.attribute ?? 1, certify: certified, aPriori: aPriori.count(for: kind), margin: analysis.margin ?? .zero,
            bits: analysis.bits)
    }

    /// Every pipeline's calibration: read from `file` (checked against this study) or made here,
    /// the pipelines side by side.
    func calibrations(from file: (path: String, calibration: CalibrationFile)?, progress: ProgressLine) throws -> [PipelineCalibration] {
        if let file {
            return try options.pipelines.map { kind in
                try file.calibration.calibration(
                    for: plan(kind).configuration, tool: tool, model: header.model, modelFolder: header.modelFolder,
                    selection: header.selection, path: file.path)
            }
        }
        let made = Mutex([Result<PipelineCalibration, any Error>?](repeating: nil, count: options.pipelines.count))
        SideBySide.run(options.pipelines.indices.map { k in {
            let kind = options.pipelines[k]
            progress.update(kind.rawValue, stage: "calibrating", done: 0)
            let r = Result { try PipelineStudy.calibrate(inputs, plan: plan(kind)) }
            made.withLock { $0[k] = r }
        } })
        return try made.withLock { all in try all.map { try ($0 ?? .failure(InputError("a pipeline was not calibrated"))).get() } }
    }

    /// The calibration file of `calibrations`.
    func calibrationFile(_ calibrations: [PipelineCalibration]) throws -> CalibrationFile {
        try CalibrationFile(
            tool: tool, model: header.model, modelFolder: header.modelFolder, selection: header.selection, calibrations: calibrations)
    }

    /// The records of `shard`'s inputs for every pipeline (side by side), and the rounding check
    /// when the shard holds the first input.
    func shard(
        _ shard: StudyShard, calibrations: [PipelineCalibration], calibrationHash: String, progress: ProgressLine
    ) throws -> ShardFile {
        let enclosures = try inputs.enclosures(first: certified)
        let jobs = options.pipelines.indices.map { k in
            ReportJob(plan: plan(options.pipelines[k]), calibration: calibrations[k], enclosures: enclosures, shard: shard)
        }
        let results = Mutex([Result<[InputRecord], any Error>?](repeating: nil, count: jobs.count))
        SideBySide.run(jobs.indices.map { k in {
            let r = Result { try jobs[k].run(inputs, progress: progress) }
            results.withLock { $0[k] = r }
        } })
        var records = [[InputRecord]]()
        do {
            records = try results.withLock { all in try all.map { try ($0 ?? .failure(InputError("a pipeline did not run"))).get() } }
        } catch let error as OperatorError {
            throw InputError.fromStudy(error)
        }
        var rounding: [LayerRounding]?
        if options.analysis.roundingCheck, shard.contains(0), let first = inputs.samples.first {
            progress.update("rounding", stage: "certified reference on \(first.name)", done: 0)
            rounding = try RoundingCheck.measure(weights: inputs.weights, sample: first, bits: options.analysis.bits).layers
        }
        return ShardFile(
            tool: tool, calibration: calibrationHash, header: header, shard: shard,
            pipelines: jobs.indices.map {
                ShardFile.Pipeline(pipeline: options.pipelines[$0], operatorErrors: calibrations[$0].operatorErrors, records: records[$0])
            }, rounding: rounding)
    }

    /// The report of a study's checked records: each pipeline's records combined and its tasks
    /// evaluated (`StudyRuns`), judged against `tolerances` (the header's file, read), with this machine's
    /// provenance; `calibration` is the calibration file's hash when one was given, `shards` the
    /// shard files of a merge.
    static func report(
        _ merged: ShardMerge, inputs: StudyInputs, tolerances: Tolerances?, calibration: String?, shards: [String]?
    ) throws -> Report {
        let header = merged.header
        let runs: [PipelineRun]
        do { runs = try StudyRuns.runs(merged, inputs: inputs) } catch let error as OperatorError { throw InputError.fromStudy(error) }
        var provenance = Provenance(
            tool: merged.tool, gitRevision: ReportProvenance.gitRevision(), swift: ReportProvenance.swift, gmp: ReportProvenance.gmp,
            blas: ReportProvenance.blas, date: ReportProvenance.now(), model: header.model, T: header.steps, seeds: [:],
            options: header.options, command: header.command)
        provenance.calibration = calibration
        provenance.shards = shards
        return try ReportBuilder.build(name: header.name, provenance: provenance, runs: runs, tolerances: tolerances)
    }
}
