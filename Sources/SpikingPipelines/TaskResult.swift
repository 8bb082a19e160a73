/// A task metric for the ANN and for the SNN at every T: Spearman's ρ of a similarity task
/// (with Pearson's r beside it), or the accuracy of a classification task.
public struct TaskResult: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case similarity, classification
    }

    public struct Curve: Sendable, Equatable {
        public let ann: Double
        public let snn: [Point]

        public init(ann: Double, snn: [Point]) {
            self.ann = ann
            self.snn = snn
        }

        /// ANN − SNN at T (positive: the conversion lost that much).
        public func drop(at T: Int) -> Double? { snn.first { $0.T == T }.map { ann - $0.value } }
    }

    public struct Point: Sendable, Equatable {
        public let T: Int
        public let value: Double

        public init(T: Int, value: Double) {
            self.T = T
            self.value = value
        }
    }

    /// The task file's name.
    public let task: String
    public let kind: Kind
    /// "spearman" or "accuracy".
    public let metric: String
    /// Pairs (similarity) or evaluated examples (classification).
    public let count: Int
    public let value: Curve
    /// Similarity only.
    public let pearson: Curve?
    /// Classification only: the classifier, and the split when a probe was fitted.
    public let method: String?
    /// The per-item values the metric was computed from (the intervals and a merge recompute
    /// everything from them); nil for a result made without them.
    public let items: TaskItems?

    public init(task: String, kind: Kind, metric: String, count: Int, value: Curve, pearson: Curve?, method: String?, items: TaskItems? = nil) {
        self.items = items
        self.task = task
        self.kind = kind
        self.metric = metric
        self.count = count
        self.value = value
        self.pearson = pearson
        self.method = method
    }
}

/// A task's per-item values, in item order, for the ANN and for the SNN at every T.
public enum TaskItems: Sendable, Equatable {
    /// Per pair: the gold score and cos(embedding_a, embedding_b).
    case similarity(gold: [Double], ann: [Double], snn: [Int: [Double]])
    /// Per evaluated example: its label and the predicted class.
    case classification(labels: [Int], ann: [Int], snn: [Int: [Int]])
    /// Per input: the predicted class of a head, no label (the figure is agreement with the ANN).
    case agreement(ann: [Int], snn: [Int: [Int]])
}
