import Reports
import SpikingPipelines
import Studies

/// What identifies a report's study, apart from its calibration: the model and its inputs
/// (their SHA-256), the options that chose the inputs, the T grid, each pipeline's part, the
/// statistics' levels, the tolerance file and the options as the report records them. Every
/// shard of a study writes it; `spikebound merge` refuses shards whose headers differ ("one
/// set of options") and rebuilds the report from it and the records, without the command line.
public struct StudyHeader: Codable, Sendable, Equatable {
    /// The report's name.
    public var name: String
    public var model: ModelProvenance
    /// The SHA-256 of every file of the model folder (`ContentHash.modelFolder`).
    public var modelFolder: String
    public var selection: InputSelection
    public var steps: [Int]
    public var pipelines: [Part]
    /// Whether the Double reference's rounding is measured on the first input.
    public var roundingCheck: Bool
    /// The population bounds' coverage and the confidence of every bound and interval, as given.
    public var coverage: String
    public var confidence: String
    /// The tolerance file's path, as given.
    public var tolerances: String?
    /// The options as the report's provenance records them, and the command that reruns it.
    public var options: [String: String]
    public var command: String

    /// One pipeline's part of the report.
    public struct Part: Codable, Sendable, Equatable {
        public var pipeline: PipelineKind
        /// The settings the report shows.
        public var settings: [String: String]
        /// `spikebound run` with the options that replay this part.
        public var replay: String
        public var margin: String
        public var bits: Int

        public init(pipeline: PipelineKind, settings: [String: String], replay: String, margin: String, bits: Int) {
            self.pipeline = pipeline
            self.settings = settings
            self.replay = replay
            self.margin = margin
            self.bits = bits
        }
    }

    public init(
        name: String, model: ModelProvenance, modelFolder: String, selection: InputSelection, steps: [Int], pipelines: [Part],
        roundingCheck: Bool,
        coverage: String, confidence: String, tolerances: String?, options: [String: String], command: String
    ) {
        self.name = name
        self.model = model
        self.modelFolder = modelFolder
        self.selection = selection
        self.steps = steps
        self.pipelines = pipelines
        self.roundingCheck = roundingCheck
        self.coverage = coverage
        self.confidence = confidence
        self.tolerances = tolerances
        self.options = options
        self.command = command
    }
}
