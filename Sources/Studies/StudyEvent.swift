import Bounds

/// What a study tells its caller while it runs, as typed values (never text to be parsed).
public enum StudyEvent: Sendable {
    /// Thresholds are being calibrated.
    case calibrating
    /// An input's SNN run (and its a posteriori certificate) finished.
    case inputFinished(done: Int, total: Int, sample: String)
    /// B-CERT started on an input.
    case certifying(sample: String)
    /// The a priori analysis of an input's domain reached a stage (`stage.layer` is set when a
    /// layer of it finished).
    case aPriori(sample: String, stage: AnalysisStage)
    /// The worst error over points of an input's domain is being measured.
    case sampling(sample: String, points: Int)
    /// The pipeline's study is complete.
    case finished
}
