import SpikingPipelines
import Statistics

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
    /// Confidence intervals on the ANN's and the SNN's figures and on the drops (absent in
    /// schema /3 reports, and where the items were too few or degenerate).
    public var intervals: TaskIntervalReport?

    /// The record with intervals at `confidence` (TaskIntervals).
    public init(_ r: TaskResult, confidence: Level) throws {
        self.init(r)
        intervals = try TaskIntervals(r, confidence: confidence).map(TaskIntervalReport.init)
    }

    /// The record without intervals.
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

/// A task's confidence intervals in report.json (TaskIntervals), its own record so that the
/// schema does not follow the library's types.
public struct TaskIntervalReport: Codable, Sendable, Equatable {
    public struct Range: Codable, Sendable, Equatable {
        public var lower: Double
        public var upper: Double

        init(_ i: ProportionInterval) {
            lower = i.lower
            upper = i.upper
        }
    }

    public struct Step: Codable, Sendable, Equatable {
        public var T: Int
        /// On the SNN's figure.
        public var value: Range
        /// On the drop ANN − SNN.
        public var drop: Range
        /// Classification: the fraction of examples whose SNN top-1 equals the ANN's, with its
        /// interval.
        public var agreement: Double?
        public var agreementInterval: Range?
        /// Classification: the exact McNemar p-value of equal accuracy.
        public var pValue: Double?
    }

    public var confidence: Double
    /// "clopper-pearson" or "bootstrap".
    public var method: String
    /// How the intervals were made and what they assume, in one sentence.
    public var description: String
    /// On the ANN's figure.
    public var ann: Range
    public var steps: [Step]

    init(_ t: TaskIntervals) {
        confidence = t.confidence
        method = t.method
        description = t.description
        ann = Range(t.ann)
        steps = t.steps.map {
            Step(T: $0.T, value: Range($0.value), drop: Range($0.drop), agreement: $0.agreement,
                agreementInterval: $0.agreementInterval.map(Range.init), pValue: $0.pValue)
        }
    }
}
