import Foundation
import ModelIO
import ReferenceTransformer
import Reports
import SpikingPipelines

/// What `spikebound run` prints: tables, or the same as JSON.
struct RunOutput: Encodable, TableText {
    let tool = SpikeBoundVersion.tool
    let model: String
    let pipeline: String
    let settings: [String: String]
    let result: ConversionResult
    let rounding: [LayerRounding]?
    let roundingBits: Int?
    let operatorErrors: [OperatorDomainError]
    /// STA's public structure with released operators: those replaced by interpolants, with the
    /// error that disqualified them (absent when none was).
    let replacedOperators: [OperatorDomainError]?
    /// With --bounds: every input's certificate (B-INJ) and the attributions (B-ATTR).
    let bounds: RunBounds?
    /// With --a-priori: the a priori bounds (B-NET) over the first inputs' domains.
    let aPriori: RunAPriori?
    /// With --pairs or --labels: the (first) task's metric against T, as issue 18 set the shape.
    let task: TaskOutput?
    /// With more than one task: every task's metric, in task order (absent otherwise).
    let tasks: [TaskOutput]?
    /// How sentence embeddings are pooled (the checkpoint's Pooling and Normalize modules).
    let pooling: String
    /// The checkpoint's layout (`CheckpointFamily`).
    let family: String
    /// A vision checkpoint's image preprocessing, as it was applied to --images.
    let preprocessing: String?

    init(
        model: String, calibration: PipelineCalibration, result: ConversionResult, rounding: RoundingCheck?,
        bounds: RunBounds? = nil, aPriori: RunAPriori? = nil, tasks: [TaskResult] = [], pooling: SentencePooling = .meanNormalized,
        family: CheckpointFamily = .huggingFace, preprocessing: ImagePreprocessing? = nil
    ) {
        self.family = family.rawValue
        self.preprocessing = preprocessing?.description
        let records = tasks.map(TaskReport.init)
        task = records.first
        self.tasks = records.count > 1 ? records : nil
        self.pooling = pooling.description
        self.bounds = bounds
        self.aPriori = aPriori
        let configuration = calibration.configuration
        operatorErrors = calibration.operatorErrors
        replacedOperators = calibration.replacedOperators.isEmpty ? nil : calibration.replacedOperators
        self.model = model
        pipeline = configuration.kind.rawValue
        settings = Self.settings(of: configuration)
        self.result = result
        self.rounding = rounding?.layers
        roundingBits = rounding?.bits
    }

    /// The pipeline's settings, as reports print them.
    static func settings(of configuration: PipelineConfiguration) -> [String: String] {
        switch configuration.kind {
        case .ecmt:
            return [
                "levels": "\(configuration.levels)", "gap": "\(configuration.gap)", "rule": configuration.rule.rawValue,
                "placement": configuration.placement.rawValue, "percentile": configuration.percentile.rawValue,
                "softmaxLambda": "\(configuration.softmaxLambda)",
            ]
        case .sta:
            return [
                "burstLimit": "\(configuration.burstLimit)", "calibrationT": "\(configuration.calibrationSteps)",
                "groupOperators": configuration.groupOperators.rawValue, "softmaxShift": configuration.softmaxShift.rawValue,
                "structure": configuration.staStructure.rawValue, "burstRule": configuration.burstRule.rawValue,
            ]
        }
    }

    func json() throws -> String {
        try JSONOutput.encode(self)
    }

    func text() -> String {
        var out = "\(pipeline) pipeline on \(model): \(result.samples.count) input(s), \(result.layers) layers; "
        out += settings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        if let preprocessing { out += "\(family) checkpoint; images: \(preprocessing)\n" }
        out += "\nConversion error of the SNN's mean output against the Double ANN reference (unpadded tokens):\n"
        out += pad("T", 6) + pad("layer", 7) + pad("max-abs", 12) + pad("RMS", 12) + pad("relative", 12) + "\n"
        for step in result.steps {
            for (layer, e) in step.layers.enumerated() {
                out += pad("\(step.T)", 6) + pad("\(layer)", 7) + pad(number(e.maxAbs), 12) + pad(number(e.rms), 12)
                    + pad(number(e.relative), 12) + "\n"
            }
        }
        out += "\nEnd metrics (embeddings of the last layer by the checkpoint's pooling: \(pooling)):\n"
        out += pad("T", 6) + pad("cos min", 12) + pad("cos mean", 12) + pad("rank corr", 12) + pad("fire rate", 12)
            + pad("energy", 10) + "\n"
        for step in result.steps {
            let rates = step.firingRates.flatMap { $0.sorted { $0.key < $1.key }.map(\.value) }
            let meanRate = rates.isEmpty ? 0 : rates.reduce(0, +) / Double(rates.count)
            out += pad("\(step.T)", 6) + pad(fixed(step.agreement.minimumCosine), 12) + pad(fixed(step.agreement.meanCosine), 12)
                + pad(step.agreement.rankCorrelation.map(fixed) ?? "n/a", 12) + pad(fixed(meanRate), 12)
                + pad(fixed(step.energyRatio), 10) + "\n"
        }
        out += "rank corr: Spearman's ρ of the pairwise similarities, ANN against SNN (n/a below 3 inputs); "
        out += "fire rate: mean over sites of spikes per neuron per step; energy: ECMT's estimate relative to the ANN.\n"
        if !operatorErrors.isEmpty {
            out += "\nGroup operators on the input ranges seen in calibration (1025 points each):\n"
            out += pad("function", 10) + pad("max error", 12) + pad("relative", 12) + "domain\n"
            for e in operatorErrors {
                out += pad(e.function, 10) + pad(number(e.maxError), 12) + pad(number(e.relativeError), 12)
                    + "[\(number(e.domain[0])), \(number(e.domain[1]))]\n"
            }
        }
        for e in replacedOperators ?? [] {
            out += "The released \(e.function) operator (\(e.operatorName)) was off by \(number(e.relativeError)) of max|f| on "
                + "[\(number(e.domain[0])), \(number(e.domain[1]))]; the interpolant ran in its place.\n"
        }
        if let rounding, let bits = roundingBits {
            out += "\nFloating-point rounding of the Double reference (certified run at \(bits) bits on \(result.samples[0])):\n"
            out += pad("layer", 7) + pad("bound", 12) + pad("width", 12) + "inside\n"
            for r in rounding {
                out += pad("\(r.layer)", 7) + pad(number(r.roundingBound), 12) + pad(number(r.maxWidth), 12)
                    + "\(r.contained)/\(r.entries)\n"
            }
            out += "bound: max |Double − true| over entries, from the enclosure of the true value: the rounding of the "
            out += "Double reference the errors above are measured against (the SNN's own rounding is not included).\n"
        }
        if let bounds { out += bounds.text(result) }
        if let aPriori { out += aPriori.text() }
        for task in tasks ?? task.map({ [$0] }) ?? [] { out += "\n" + task.text() + "  (embeddings: \(pooling) pooling)\n" }
        return out
    }
}

/// The certified check of the reference's rounding.
struct RoundingCheck {
    let bits: Int
    let layers: [LayerRounding]

    static func measure(weights: EncoderWeights<Double>, sample: EncoderSample, bits: Int) throws -> RoundingCheck {
        RoundingCheck(bits: bits, layers: try ReferenceRounding.measure(weights: weights, sample: sample, bits: bits))
    }
}
