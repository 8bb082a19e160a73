import Bounds
import Tensors
import SpikingPipelines

/// Every input's record of one pipeline's study combined, in input order: the measured result,
/// the certificates and each task's metric. The same records give the same values bit for bit,
/// whether they were made in one process or in shards and read back.
public struct StudyRecords: Sendable {
    public let result: ConversionResult
    /// B-INJ per input, in input order (empty when the plan asked for none).
    public let certificates: [SampleCertificate]
    public let certified: [CertifiedSample]
    public let aPriori: [APrioriCertificate]
    public let tasks: [TaskResult]

    /// Combines `records` (any order; each of `inputs`' samples exactly once) of a study of
    /// `kind` on the grid `steps`, and evaluates `inputs`' tasks on the result.
    public static func assemble(_ records: [InputRecord], inputs: StudyInputs, kind: PipelineKind, steps: [Int]) throws -> StudyRecords {
        let names = inputs.samples.map(\.name)
        var byIndex = [Int: InputRecord]()
        for r in records {
            guard names.indices.contains(r.index), names[r.index] == r.sample else {
                throw StudyError("a record of \(r.sample) at position \(r.index) is not one of this study's inputs")
            }
            guard byIndex[r.index] == nil else { throw StudyError("\(r.sample) has two records") }
            byIndex[r.index] = r
        }
        let ordered = try names.indices.map { k in
            guard let r = byIndex[k] else { throw StudyError("\(names[k]) has no record") }
            return r
        }
        do {
            let result = try ConversionResult(
                pipeline: kind, samples: names, outcomes: ordered.map(\.outcome), steps: steps, config: inputs.weights.config)
            return StudyRecords(
                result: result, certificates: ordered.compactMap(\.certificate), certified: ordered.compactMap(\.certified),
                aPriori: ordered.compactMap(\.aPriori), tasks: try inputs.taskResults(result))
        } catch let error as OperatorError {
            throw StudyError("\(error)")
        }
    }
}
