import SpikingPipelines

/// The task a study's inputs carry: a similarity task (`--pairs`) or a classification task
/// (`--labels`).
public enum StudyTask: Sendable {
    case similarity(SimilarityTask)
    case classification(ClassificationTask)

    public func evaluate(_ result: ConversionResult) throws -> TaskResult {
        switch self {
        case .similarity(let t): return try t.evaluate(result)
        case .classification(let t): return try t.evaluate(result)
        }
    }
}
