import SpikingPipelines

/// A pipeline's task metric in report.json (schema spikebound-report/3: one per task), for the ANN and the
/// SNN at every T with the drop ANN − SNN: a similarity task's Spearman's ρ of
/// cos(embedding_a, embedding_b) against the gold scores (and Pearson's r the same way), or a
/// classification task's accuracy (and how it was classified). Its own record, so that renaming
/// a field of `TaskResult` cannot change the schema.
public struct TaskReport: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var T: Int
        public var value: Double
        /// ANN − SNN: what the conversion lost at this T (negative: the SNN scored higher).
        public var drop: Double
    }

    public struct Curve: Codable, Sendable, Equatable {
        public var ann: Double
        public var snn: [Step]

        init(_ c: TaskResult.Curve) {
            ann = c.ann
            snn = c.snn.map { Step(T: $0.T, value: $0.value, drop: c.ann - $0.value) }
        }
    }

    /// The task file's name.
    public var task: String
    /// "similarity" or "classification".
    public var kind: String
    /// The metric of `ann` and `snn`: "spearman" or "accuracy".
    public var metric: String
    /// Similarity: the pairs.
    public var pairs: Int?
    /// Classification: the examples evaluated.
    public var examples: Int?
    public var ann: Double
    public var snn: [Step]
    /// Similarity: Pearson's r.
    public var pearson: Curve?
    /// Classification: the classifier, and the split of a probe.
    public var method: String?

    public init(_ r: TaskResult) {
        task = r.task
        kind = r.kind.rawValue
        metric = r.metric
        pairs = r.kind == .similarity ? r.count : nil
        examples = r.kind == .classification ? r.count : nil
        let s = Curve(r.value)
        ann = s.ann
        snn = s.snn
        pearson = r.pearson.map(Curve.init)
        method = r.method
    }

    /// The metric's name as tables print it.
    public var metricName: String { metric == "spearman" ? "Spearman" : metric }
}
