import Foundation
import PropertyTestSupport
import Reports
import ScaleOut
import SpikingPipelines
import Studies

/// The tiny BERT fixture's study, calibrated once for the suites that need a real calibration
/// and real records.
enum TinyStudy {
    static let model = RepositoryFiles.url("Fixtures/tiny-bert").path
    static let tool = "spikebound test"
    static let steps = [1, 4]

    struct Loaded: Sendable {
        let inputs: StudyInputs
        let provenance: ModelProvenance
        let modelFolder: String
        let calibrations: [PipelineCalibration]
    }

    static let loaded = Result { () throws -> Loaded in
        let inputs = try StudyInputs(model: model, options: InputSelection())
        let calibrations = try PipelineKind.allCases.map { try PipelineStudy.calibrate(inputs, plan: plan($0)) }
        return Loaded(
            inputs: inputs, provenance: try ModelProvenance(model: model, inputs: inputs), modelFolder: try ContentHash.modelFolder(inputs),
            calibrations: calibrations)
    }

    static func plan(_ kind: PipelineKind) -> StudyPlan {
        StudyPlan(configuration: PipelineConfiguration(kind: kind), steps: steps, certificates: true)
    }

    static func file() throws -> CalibrationFile {
        let l = try loaded.get()
        return try CalibrationFile(
            tool: tool, model: l.provenance, modelFolder: l.modelFolder, selection: InputSelection(), calibrations: l.calibrations)
    }

    static func header(name: String = "tiny") throws -> StudyHeader {
        let l = try loaded.get()
        return StudyHeader(
            name: name, model: l.provenance, modelFolder: l.modelFolder, selection: InputSelection(), steps: steps,
            pipelines: PipelineKind.allCases.map { StudyHeader.Part(pipeline: $0, settings: [:], replay: "", margin: "0", bits: 64) },
            roundingCheck: false, coverage: "0.95", confidence: "0.95", tolerances: nil, options: ["T": "1,4"], command: "spikebound report")
    }

    /// Shard `shard` of the study, its records made for real.
    static func shard(_ shard: StudyShard, header: StudyHeader? = nil, calibration: String = "c0ffee", tool: String = tool) throws -> ShardFile {
        let l = try loaded.get()
        let pipelines = try PipelineKind.allCases.enumerated().map { k, kind in
            ShardFile.Pipeline(
                pipeline: kind, operatorErrors: l.calibrations[k].operatorErrors,
                records: try PipelineStudy.records(l.inputs, plan: plan(kind), calibration: l.calibrations[k], shard: shard))
        }
        return ShardFile(tool: tool, calibration: calibration, header: try header ?? Self.header(), shard: shard, pipelines: pipelines, rounding: nil)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-scaleout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
