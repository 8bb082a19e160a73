import Bounds
import SpikingPipelines

/// One pipeline's study: its calibration, the measured conversion error, the certificates the
/// plan asked for, and each task's metric.
public struct StudyResult: Sendable {
    public let plan: StudyPlan
    public let calibration: PipelineCalibration
    public let result: ConversionResult
    /// B-INJ per input, in input order (empty when the plan asks for none).
    public let certificates: [SampleCertificate]
    /// B-CERT of the first `plan.certify` inputs.
    public let certified: [CertifiedSample]
    /// B-NET or B-STA over the first `plan.aPriori` inputs' domains.
    public let aPriori: [APrioriCertificate]
    /// Each task's metric against T, in task order (empty without tasks).
    public let tasks: [TaskResult]
}
