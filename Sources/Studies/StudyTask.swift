import SpikingPipelines

/// The task a study's inputs carry: a similarity task (`--pairs`), a classification task
/// (`--labels`, `--image-classes`) or a head's agreement (`--head`).
public enum StudyTask: Sendable {
    case similarity(SimilarityTask)
    case classification(ClassificationTask)
    /// A head's top-1 agreement between the SNN and the ANN (`--head`).
    case agreement(AgreementTask)

    public func evaluate(_ result: ConversionResult) throws -> TaskResult {
        switch self {
        case .similarity(let t): return try t.evaluate(result)
        case .classification(let t): return try t.evaluate(result)
        case .agreement(let t): return try t.evaluate(result)
        }
    }
}
