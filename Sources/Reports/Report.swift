import Bounds
import SpikingPipelines

/// report.json: everything one `spikebound report` run found, the single source that the
/// Markdown and HTML renderers and `spikebound check` read. Schema `spikebound-report/3`,
/// documented field by field in docs/report-schema.md.
public struct Report: Codable, Sendable, Equatable {
    public static let schemaID = "spikebound-report/4"
    /// The schemas this version reads: /2 (one optional `task` per pipeline) is read with that
    /// task as the only one of `tasks` (ReportJSON.report), and /3 without population bounds,
    /// intervals and "T needed" answers, so that an older baseline still gates.
    public static let readable = ["spikebound-report/2", "spikebound-report/3", schemaID]

    /// Always `spikebound-report/4` for this version, as written.
    public var schema: String
    /// The report's name (its folder under reports/).
    public var name: String
    /// The worst verdict over the pipelines.
    public var verdict: Verdict
    public var provenance: Provenance
    /// The tolerances the statuses were judged with, when any were given.
    public var tolerances: Tolerances?
    public var pipelines: [PipelineReport]

    public init(name: String, provenance: Provenance, tolerances: Tolerances?, pipelines: [PipelineReport]) {
        schema = Self.schemaID
        self.name = name
        self.provenance = provenance
        self.tolerances = tolerances
        self.pipelines = pipelines
        verdict = Verdict.combining(pipelines.map(\.verdict))
    }
}

/// Where a report came from: enough to rerun it and to know what was run.
public struct Provenance: Codable, Sendable, Equatable {
    /// `spikebound 0.1.0`.
    public var tool: String
    /// `git rev-parse HEAD` of the checkout the command ran in, or "unknown"; with "-dirty"
    /// when it had uncommitted changes.
    public var gitRevision: String
    /// The compiler that built the tool.
    public var swift: String
    /// The GMP library's version string.
    public var gmp: String
    /// The matrix-product kernel: the OpenBLAS library and when it is used, or the built-in kernel
    /// and the instruction set it runs with.
    public var blas: String
    /// ISO 8601, UTC.
    public var date: String
    public var model: ModelProvenance
    /// The T grid.
    public var T: [Int]
    /// Random seeds used: none (every stage is deterministic; calibration is by percentiles and
    /// MMSE), kept so that a later stage that draws can say which.
    public var seeds: [String: UInt64]
    /// The options of the run, as given or defaulted.
    public var options: [String: String]
    /// A command that reruns the whole report.
    public var command: String
    /// The content hash of the calibration file the study ran from (`--calibration`), absent
    /// when it calibrated in-process.
    public var calibration: String? = nil
    /// The shard files a merged report was made from (`spikebound merge`), absent otherwise.
    public var shards: [String]? = nil

    public init(
        tool: String, gitRevision: String, swift: String, gmp: String, blas: String, date: String, model: ModelProvenance,
        T: [Int], seeds: [String: UInt64], options: [String: String], command: String
    ) {
        self.tool = tool
        self.gitRevision = gitRevision
        self.swift = swift
        self.gmp = gmp
        self.blas = blas
        self.date = date
        self.model = model
        self.T = T
        self.seeds = seeds
        self.options = options
        self.command = command
    }
}

/// The model and inputs, with their SHA-256.
public struct ModelProvenance: Codable, Sendable, Equatable {
    /// The model folder as given.
    public var path: String
    public var architecture: String
    public var layers: Int
    public var hiddenSize: Int
    /// File name → lowercase hex SHA-256, for config.json, model.safetensors and the inputs file.
    public var sha256: [String: String]
    /// The inputs, in the order they ran.
    public var inputs: [String]
    /// The checkpoint's layout (hugging-face, timm, open-clip, openai-clip, onnx-dinov2); absent
    /// in reports written before the families existed.
    public var family: String?
    /// A vision checkpoint's image preprocessing, as applied; absent for text models.
    public var imagePreprocessing: String?

    public init(
        path: String, architecture: String, layers: Int, hiddenSize: Int, sha256: [String: String], inputs: [String], family: String? = nil,
        imagePreprocessing: String? = nil
    ) {
        self.family = family
        self.imagePreprocessing = imagePreprocessing
        self.path = path
        self.architecture = architecture
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.sha256 = sha256
        self.inputs = inputs
    }
}

/// One pipeline's conversion of the model.
public struct PipelineReport: Codable, Sendable, Equatable {
    /// `ecmt` or `sta`.
    public var pipeline: String
    public var verdict: Verdict
    /// The pipeline's settings (levels, rule, burst limit, …).
    public var settings: [String: String]
    /// The a priori theorem (B-NET or B-STA) when an a priori bound ran.
    public var theorem: String?
    /// The inputs whose domains got an a priori bound, their margin, and the certified inputs.
    public var aPrioriInputs: [String]
    public var margin: String?
    public var certifiedInputs: [String]
    /// The input whose error was attributed to sites.
    public var attributedInput: String?
    /// The precision of the interval runs, in bits.
    public var bits: Int
    public var layers: [LayerReport]
    public var endMetrics: [EndMetric]
    /// Each task's metric against T (`--pairs`, `--labels`), in task order; empty without tasks.
    public var tasks: [TaskReport] = []
    /// STA: how far each group operator is from its function on the calibrated range.
    public var operatorErrors: [OperatorErrorReport]
    public var findings: [Finding]
    /// A command that reruns this pipeline's part, with the same options and every input.
    public var replay: String
    /// The population bounds' coverage, confidence, inputs and assumption (POP-OS); nil when
    /// no input was certified (schema /4).
    public var population: PopulationSummary? = nil
    /// "Which T do I need?", per target (schema /4).
    public var tNeeded: [TNeeded] = []
}

extension PipelineReport {
    enum CodingKeys: String, CodingKey {
        case pipeline, verdict, settings, theorem, aPrioriInputs, margin, certifiedInputs, attributedInput, bits, layers
        case endMetrics, tasks, operatorErrors, findings, replay, population, tNeeded
    }

    /// Schema /2's one optional task per pipeline.
    enum LegacyKeys: String, CodingKey { case task }

    /// Reads /3's `tasks`, or /2's `task` as the only task.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pipeline = try c.decode(String.self, forKey: .pipeline)
        verdict = try c.decode(Verdict.self, forKey: .verdict)
        settings = try c.decode([String: String].self, forKey: .settings)
        theorem = try c.decodeIfPresent(String.self, forKey: .theorem)
        aPrioriInputs = try c.decode([String].self, forKey: .aPrioriInputs)
        margin = try c.decodeIfPresent(String.self, forKey: .margin)
        certifiedInputs = try c.decode([String].self, forKey: .certifiedInputs)
        attributedInput = try c.decodeIfPresent(String.self, forKey: .attributedInput)
        bits = try c.decode(Int.self, forKey: .bits)
        layers = try c.decode([LayerReport].self, forKey: .layers)
        endMetrics = try c.decode([EndMetric].self, forKey: .endMetrics)
        if c.contains(.tasks) {
            tasks = try c.decode([TaskReport].self, forKey: .tasks)
        } else {
            tasks = try decoder.container(keyedBy: LegacyKeys.self).decodeIfPresent(TaskReport.self, forKey: .task).map { [$0] } ?? []
        }
        operatorErrors = try c.decode([OperatorErrorReport].self, forKey: .operatorErrors)
        findings = try c.decode([Finding].self, forKey: .findings)
        replay = try c.decode(String.self, forKey: .replay)
        population = try c.decodeIfPresent(PopulationSummary.self, forKey: .population)
        tNeeded = try c.decodeIfPresent([TNeeded].self, forKey: .tNeeded) ?? []
    }
}

/// One layer at every T.
public struct LayerReport: Codable, Sendable, Equatable {
    public var layer: Int
    /// The worst status over T.
    public var status: Status
    /// The least-squares slope of log(observed max) against log T (−1: the error falls as 1/T);
    /// nil with fewer than two T of finite, non-zero error.
    public var slope: Double?
    public var steps: [LayerStep]
}

/// One layer at one T.
public struct LayerStep: Codable, Sendable, Equatable {
    public var T: Int
    public var status: Status
    /// Why the status is what it is (empty for sound and unchecked).
    public var reasons: [Reason]
    /// SNN mean output against the Double ANN over every input's unpadded tokens.
    public var observed: ObservedError
    /// The tightest certified bound on a checked input's error (max over checked inputs of
    /// the smaller of its a priori and certified bounds); nil when none ran.
    public var bound: Double?
    /// The largest observed error among the checked inputs (those with a bound), beside `bound`.
    public var checkedObserved: Double?
    /// max over checked inputs of observed / bound.
    public var tightness: Double?
    /// Per input with an a priori bound (B-NET or B-STA over its domain).
    public var aPriori: [InputBound]
    /// Per input with a certified per-input bound (B-CERT: against the exact ANN in Arb balls).
    public var certified: [InputBound]
    /// B-INJ in Double, max over every input: what the residuals explain and what they leave
    /// (an estimate, not certified).
    public var explained: Double
    public var remainder: Double
    /// The Double reference's own floating-point rounding at this layer (certified), when measured.
    public var rounding: Double?
    /// Per neuron site of this layer.
    public var sites: [SiteStep]
    /// The attributed input's error split by site (B-ATTR), its largest contributions.
    public var attribution: Attribution?
    /// POP-OS over the certified inputs (B-CERT): the population bounds at the pipeline's
    /// coverage and confidence; nil when no certified input or too few (schema /4).
    public var population: PopulationStep? = nil
}

/// A certified bound on one input's error, beside that input's observed error.
public struct InputBound: Codable, Sendable, Equatable {
    public var input: String
    public var bound: Double
    /// a priori: the Double run's max |SNN − ANN|; certified: a certified lower bound on it
    /// against the exact ANN.
    public var observed: Double
    /// a priori over a domain with a margin > 0: the largest max |SNN − ANN| over
    /// `domainPoints` points of it (corners and random points, the input among them).
    public var domainObserved: Double? = nil
    public var domainPoints: Int? = nil
    /// a priori, ECMT on a post-LN layer over a point domain: the LayerNorm cap, which bounds
    /// the error with no analysis (`LayerNormCap`); `vacuous` when the bound is at or above it
    /// (schema /4).
    public var cap: Double? = nil
    public var vacuous: Bool? = nil

    public init(
        input: String, bound: Double, observed: Double, domainObserved: Double? = nil, domainPoints: Int? = nil, cap: Double? = nil,
        vacuous: Bool? = nil
    ) {
        self.cap = cap
        self.vacuous = vacuous
        self.input = input
        self.bound = bound
        self.observed = observed
        self.domainObserved = domainObserved
        self.domainPoints = domainPoints
    }
}

/// One neuron site at one T.
public struct SiteStep: Codable, Sendable, Equatable {
    public var site: String
    public var status: Status
    /// Spikes per neuron per step, over every input.
    public var firingRate: Double?
    /// ECMT a priori: B_k(T) over the first a priori input's domain and that input's |V_k(T)|/T.
    public var bound: Double?
    public var observed: Double?
    /// The attributed input: ‖C‖, this site's contribution to its own layer's error (B-ATTR).
    public var contribution: Double?
}

public struct Attribution: Codable, Sendable, Equatable {
    public var input: String
    /// ‖E − Σ C‖: what the sites do together beyond their parts.
    public var interaction: Double
    /// The largest contributions to this layer's error, from this or earlier layers' sites.
    public var top: [SiteShare]
}

public struct SiteShare: Codable, Sendable, Equatable {
    /// `layer 0 qkv-input`.
    public var site: String
    public var magnitude: Double
}

/// The end metrics at one T.
public struct EndMetric: Codable, Sendable, Equatable {
    public var T: Int
    /// Cosine of the mean-pooled, L2-normalised embeddings, minimum and mean over inputs.
    public var cosineMin: Double
    public var cosineMean: Double
    /// Spearman's ρ of the pairwise similarities, ANN against SNN (nil below 3 inputs).
    public var rankCorrelation: Double?
    /// Mean over sites of spikes per neuron per step.
    public var firingRate: Double
    /// ECMT's energy estimate relative to the ANN, and the synaptic operations it counts.
    public var energyRatio: Double
    public var synapticOperations: Int
}

/// Something a user must see: a saturation, an operator off its function, a non-finite value.
public struct Finding: Codable, Sendable, Equatable {
    /// `saturation` (the ANN's values at the input pass a neuron's top level), `analysis-saturation`
    /// (only the analysis's enclosure does: a limit of the analysis), `transient-saturation`,
    /// `unrepresentable`, `operator`, `non-finite`, `undecided`.
    public var kind: String
    public var layer: Int?
    public var site: String?
    public var message: String

    public init(kind: String, layer: Int?, site: String?, message: String) {
        self.kind = kind
        self.layer = layer
        self.site = site
        self.message = message
    }
}

/// One failed comparison: its status (unsound, over-tolerance or loose) and what it compared.
public struct Reason: Codable, Sendable, Equatable {
    public var status: Status
    public var message: String
}
