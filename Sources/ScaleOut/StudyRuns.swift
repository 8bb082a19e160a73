import Reports
import SpikingPipelines
import Statistics
import Studies

/// The last stage of a report, shared by `spikebound report` and `spikebound merge`: every
/// input's records (checked complete by `ShardMerge`) combined per pipeline, in input order,
/// with the tasks evaluated on the result, as the report builder's runs. An unsharded report
/// passes its in-process records through the same merge, so a merged report equals it.
public enum StudyRuns {
    public static func runs(_ merged: ShardMerge, inputs: StudyInputs) throws -> [PipelineRun] {
        let header = merged.header
        guard inputs.samples.map(\.name) == header.model.inputs else {
            throw StudyFileError("the inputs read now are not the ones the shards ran (\(inputs.samples.count) now, \(header.model.inputs.count) in the shards): were the input files changed?")
        }
        let coverage: Level, confidence: Level
        do {
            coverage = try Level(parsing: header.coverage)
            confidence = try Level(parsing: header.confidence)
        } catch let error as StatisticsError {
            throw StudyFileError("the shards' levels: \(error)")
        }
        return try header.pipelines.map { part in
            guard let p = merged.pipelines.first(where: { $0.pipeline == part.pipeline }) else {
                throw StudyFileError("no \(part.pipeline.rawValue) records")
            }
            let study = try StudyRecords.assemble(p.records, inputs: inputs, kind: part.pipeline, steps: header.steps)
            var run = PipelineRun(
                pipeline: part.pipeline.rawValue, settings: part.settings, result: study.result, certificates: study.certificates,
                certified: study.certified, aPriori: study.aPriori, rounding: merged.rounding, operatorErrors: p.operatorErrors,
                margin: part.margin, bits: part.bits, replay: part.replay, tasks: study.tasks)
            run.coverage = coverage
            run.confidence = confidence
            return run
        }
    }
}
