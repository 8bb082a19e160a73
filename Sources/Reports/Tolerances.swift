import Diagnostics
import Foundation

/// The tolerance config of `spikebound report --tolerances` and `spikebound check` (schema
/// `spikebound-tolerances/2`, docs/report-schema.md; `/1`, without `tasks`, is read too):
/// limits on bounds and observed errors per pipeline, layer, site and T, limits on the task
/// metric's drop, and the regression margins against a baseline.
///
///     {"schema": "spikebound-tolerances/2",
///      "limits": [{"pipeline": "ecmt", "layer": 5, "T": [64], "observed": 0.5, "bound": 40},
///                 {"site": "fc1-input", "bound": 2}],
///      "tasks": [{"pipeline": "ecmt", "T": [16, 32, 64], "maxDrop": 0.02}],
///      "regression": {"observedRelative": 0.05, "cosineDrop": 0.005, "boundRelative": 0.05, "taskDrop": 0.01}}
///
/// A limit applies to every entry it matches (an omitted field matches all); a value fails when
/// it is above any limit that applies. Limits without `site` apply to layers, with `site` to
/// that neuron site's a priori bound and |V|/T.
public struct Tolerances: Codable, Sendable, Equatable {
    public static let schemaID = "spikebound-tolerances/3"
    /// The schemas this version reads (/3 adds `population`, `populationRelative` and `maxDropUpper`).
    public static let readable = ["spikebound-tolerances/1", "spikebound-tolerances/2", schemaID]

    public var schema: String
    public var limits: [Limit]
    public var tasks: [TaskLimit]
    public var regression: Regression

    /// A limit on the task metric: at each pipeline, task (its file's name) and T it matches (an
    /// omitted field matches all), the metric's drop ANN − SNN may be at most `maxDrop`, and the
    /// upper end of the drop's confidence interval at most `maxDropUpper` (the statement "the
    /// drop is at most X at the report's confidence", which the report's "T needed" answers).
    public struct TaskLimit: Codable, Sendable, Equatable {
        public var pipeline: String?
        public var task: String?
        public var T: [Int]?
        public var maxDrop: Double?
        public var maxDropUpper: Double?

        public init(pipeline: String? = nil, task: String? = nil, T: [Int]? = nil, maxDrop: Double? = nil, maxDropUpper: Double? = nil) {
            self.pipeline = pipeline
            self.task = task
            self.T = T
            self.maxDrop = maxDrop
            self.maxDropUpper = maxDropUpper
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case pipeline, task, T, maxDrop, maxDropUpper }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue), in: "tasks")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            pipeline = try c.decodeIfPresent(String.self, forKey: .pipeline)
            task = try c.decodeIfPresent(String.self, forKey: .task)
            T = try c.decodeIfPresent([Int].self, forKey: .T)
            maxDrop = try c.decodeIfPresent(Double.self, forKey: .maxDrop)
            maxDropUpper = try c.decodeIfPresent(Double.self, forKey: .maxDropUpper)
        }

        /// T nil matches every T.
        func matches(pipeline p: String, task name: String, T t: Int?) -> Bool {
            (pipeline == nil || pipeline == p) && (task == nil || task == name) && (T == nil || t == nil || T?.contains(t ?? 0) == true)
        }
    }

    public struct Limit: Codable, Sendable, Equatable {
        public var pipeline: String?
        public var layer: Int?
        public var site: String?
        public var T: [Int]?
        /// The largest allowed certified bound.
        public var bound: Double?
        /// The largest allowed observed max-abs error.
        public var observed: Double?
        /// The largest allowed population bound (POP-OS) on max-abs and on relative error.
        public var population: Double?
        public var populationRelative: Double?

        public init(
            pipeline: String? = nil, layer: Int? = nil, site: String? = nil, T: [Int]? = nil, bound: Double? = nil, observed: Double? = nil,
            population: Double? = nil, populationRelative: Double? = nil
        ) {
            self.population = population
            self.populationRelative = populationRelative
            self.pipeline = pipeline
            self.layer = layer
            self.site = site
            self.T = T
            self.bound = bound
            self.observed = observed
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case pipeline, layer, site, T, bound, observed, population, populationRelative }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue), in: "limit")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            pipeline = try c.decodeIfPresent(String.self, forKey: .pipeline)
            layer = try c.decodeIfPresent(Int.self, forKey: .layer)
            site = try c.decodeIfPresent(String.self, forKey: .site)
            T = try c.decodeIfPresent([Int].self, forKey: .T)
            bound = try c.decodeIfPresent(Double.self, forKey: .bound)
            observed = try c.decodeIfPresent(Double.self, forKey: .observed)
            population = try c.decodeIfPresent(Double.self, forKey: .population)
            populationRelative = try c.decodeIfPresent(Double.self, forKey: .populationRelative)
        }

        func matches(pipeline p: String, layer l: Int, site s: String?, T t: Int) -> Bool {
            (pipeline == nil || pipeline == p) && (layer == nil || layer == l) && site == s && (T == nil || T?.contains(t) == true)
        }
    }

    /// How far a value may move against the baseline before `check` calls it a regression.
    public struct Regression: Codable, Sendable, Equatable {
        /// A layer's observed max-abs error may grow by this fraction of the baseline's.
        public var observedRelative: Double
        /// The mean cosine of the embeddings may fall by this much.
        public var cosineDrop: Double
        /// A certified bound may grow by this fraction of the baseline's.
        public var boundRelative: Double
        /// The SNN's task Spearman at a T may fall by this much below the baseline's.
        public var taskDrop: Double

        public static let defaults = Regression(observedRelative: 0.05, cosineDrop: 0.005, boundRelative: 0.05, taskDrop: 0.01)

        public init(observedRelative: Double, cosineDrop: Double, boundRelative: Double, taskDrop: Double = 0.01) {
            self.observedRelative = observedRelative
            self.cosineDrop = cosineDrop
            self.boundRelative = boundRelative
            self.taskDrop = taskDrop
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case observedRelative, cosineDrop, boundRelative, taskDrop }

        /// Omitted margins take their defaults.
        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue), in: "regression")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Self.defaults
            observedRelative = try c.decodeIfPresent(Double.self, forKey: .observedRelative) ?? d.observedRelative
            cosineDrop = try c.decodeIfPresent(Double.self, forKey: .cosineDrop) ?? d.cosineDrop
            boundRelative = try c.decodeIfPresent(Double.self, forKey: .boundRelative) ?? d.boundRelative
            taskDrop = try c.decodeIfPresent(Double.self, forKey: .taskDrop) ?? d.taskDrop
        }
    }

    public init(limits: [Limit] = [], tasks: [TaskLimit] = [], regression: Regression = .defaults) {
        schema = Self.schemaID
        self.limits = limits
        self.tasks = tasks
        self.regression = regression
    }

    enum CodingKeys: String, CodingKey { case schema, limits, tasks, regression }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(String.self, forKey: .schema)
        guard Self.readable.contains(schema) else {
            throw ReportError("schema is \"\(schema)\", expected \"\(Self.schemaID)\"")
        }
        try decoder.rejectUnknownKeys(schema == Self.readable[0] ? ["schema", "limits", "regression"] : ["schema", "limits", "tasks", "regression"], in: nil)
        tasks = try c.decodeIfPresent([TaskLimit].self, forKey: .tasks) ?? []
        for (k, t) in tasks.enumerated() {
            guard t.maxDrop != nil || t.maxDropUpper != nil else { throw ReportError("tasks[\(k)] sets neither \"maxDrop\" nor \"maxDropUpper\"") }
            for (name, value) in [("maxDrop", t.maxDrop), ("maxDropUpper", t.maxDropUpper)] {
                if let value, !value.isFinite { throw ReportError("tasks[\(k)].\(name) must be a finite number, got \(value)") }
            }
            if let T = t.T, T.isEmpty || T.contains(where: { $0 < 1 }) { throw ReportError("tasks[\(k)].T must list integers ≥ 1, got \(T)") }
        }
        limits = try c.decodeIfPresent([Limit].self, forKey: .limits) ?? []
        regression = try c.decodeIfPresent(Regression.self, forKey: .regression) ?? .defaults
        for (k, limit) in limits.enumerated() {
            guard limit.bound != nil || limit.observed != nil || limit.population != nil || limit.populationRelative != nil else {
                throw ReportError("limits[\(k)] sets none of \"bound\", \"observed\", \"population\" and \"populationRelative\"")
            }
            if limit.site != nil, limit.population != nil || limit.populationRelative != nil {
                throw ReportError("limits[\(k)]: population bounds are per layer, not per site")
            }
            for (name, value) in [("bound", limit.bound), ("observed", limit.observed), ("population", limit.population), ("populationRelative", limit.populationRelative)] {
                if let value, !(value.isFinite && value >= 0) {
                    throw ReportError("limits[\(k)].\(name) must be a finite number ≥ 0, got \(value)")
                }
            }
            if let T = limit.T, T.isEmpty || T.contains(where: { $0 < 1 }) {
                throw ReportError("limits[\(k)].T must list integers ≥ 1, got \(T)")
            }
            if let layer = limit.layer, layer < 0 { throw ReportError("limits[\(k)].layer must be ≥ 0, got \(layer)") }
        }
        for (name, value) in [
            ("observedRelative", regression.observedRelative), ("cosineDrop", regression.cosineDrop),
            ("boundRelative", regression.boundRelative), ("taskDrop", regression.taskDrop),
        ] where !(value.isFinite && value >= 0) {
            throw ReportError("regression.\(name) must be a finite number ≥ 0, got \(value)")
        }
    }

    /// The smallest bound, observed and population limits that apply to an entry.
    func limits(pipeline: String, layer: Int, site: String?, T: Int)
        -> (bound: Double?, observed: Double?, population: Double?, populationRelative: Double?)
    {
        let applying = limits.filter { $0.matches(pipeline: pipeline, layer: layer, site: site, T: T) }
        return (
            applying.compactMap(\.bound).min(), applying.compactMap(\.observed).min(), applying.compactMap(\.population).min(),
            applying.compactMap(\.populationRelative).min()
        )
    }
}

/// A bad report, tolerance config or baseline.
public struct ReportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description.escapingLineBreaks }
}
