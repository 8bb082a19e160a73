import SpikingPipelines

/// A pipeline's task metric in report.json (schema spikebound-report/2): Spearman's ρ of
/// cos(embedding_a, embedding_b) against the gold scores, for the ANN and the SNN at every T,
/// with the drop ANN − SNN, and Pearson's r the same way. Its own record, so that renaming a
/// field of `TaskResult` cannot change the schema.
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
    public var pairs: Int
    /// Always "spearman": the metric of `ann` and `snn`.
    public var metric: String
    public var ann: Double
    public var snn: [Step]
    public var pearson: Curve

    public init(_ r: TaskResult) {
        task = r.task
        pairs = r.pairs
        metric = "spearman"
        let s = Curve(r.spearman)
        ann = s.ann
        snn = s.snn
        pearson = Curve(r.pearson)
    }
}
