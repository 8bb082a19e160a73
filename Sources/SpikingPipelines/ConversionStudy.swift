import Dispatch
import ReferenceTransformer
import SpikingOperators
import Synchronization
import Tensors

/// Runs a calibrated pipeline beside the Double ANN reference on a set of samples, one run to
/// T_max per sample (prefix property), and measures the conversion error per layer and per T,
/// the end metrics, the firing rates per site and the ECMT-style energy estimate.
public struct ConversionStudy: Sendable {
    public let reference: ReferenceEncoder<Double>
    public let calibration: PipelineCalibration
    /// How each sample's sentence embedding is read off the last layer (ANN and SNN alike).
    public let pooling: SentencePooling

    public init(reference: ReferenceEncoder<Double>, calibration: PipelineCalibration, pooling: SentencePooling = .meanNormalized) {
        self.reference = reference
        self.calibration = calibration
        self.pooling = pooling
    }

    /// Measures at every T in `steps` (sorted, each ≥ 1). Samples run in parallel on the
    /// machine's cores; `progress` is told when each sample finishes.
    public func run(
        samples: [EncoderSample], steps: [Int], progress: (@Sendable (Int, Int, String) -> Void)? = nil
    ) throws -> ConversionResult {
        try run(samples: samples, steps: steps, progress: progress, analyse: nil as (@Sendable (RecordedSample) throws -> Void)?).result
    }

    /// `run`, also handing each sample's record (ANN outputs, SNN means and neuron residuals at
    /// every checkpoint) to `analyse` as soon as the sample has run; the analyses come back in
    /// the samples' order.
    public func run<Analysis: Sendable>(
        samples: [EncoderSample], steps: [Int], progress: (@Sendable (Int, Int, String) -> Void)? = nil,
        analyse: (@Sendable (RecordedSample) throws -> Analysis)?
    ) throws -> (result: ConversionResult, analyses: [Analysis]) {
        guard !samples.isEmpty else { throw OperatorError.invalidParameter("no inputs to run") }
        let runs = try outcomes(samples: samples, steps: steps, progress: progress, analyse: analyse)
        let result = try ConversionResult(
            pipeline: calibration.configuration.kind, samples: samples.map(\.name), outcomes: runs.map(\.outcome), steps: steps,
            config: reference.config)
        return (result, runs.compactMap(\.analysis))
    }

    /// Each sample's outcome (and analysis), in the samples' order, without combining them: a
    /// shard of a study runs its samples this way and the merge combines every shard's
    /// outcomes (`ConversionResult.init(pipeline:samples:outcomes:steps:config:)`). No samples
    /// give no outcomes.
    public func outcomes<Analysis: Sendable>(
        samples: [EncoderSample], steps: [Int], progress: (@Sendable (Int, Int, String) -> Void)? = nil,
        analyse: (@Sendable (RecordedSample) throws -> Analysis)?
    ) throws -> [(outcome: SampleOutcome, analysis: Analysis?)] {
        let checkpoints = try ConversionResult.checkpoints(steps)
        guard let tMax = checkpoints.last else { return [] }
        if samples.isEmpty { return [] }
        let encoder = try SpikingEncoder(reference: reference, calibration: calibration)
        let outcomes = Mutex([Result<(SampleOutcome, Analysis?), Error>?](repeating: nil, count: samples.count))
        let finished = Mutex(0)
        let reference = self.reference, pooling = self.pooling
        DispatchQueue.concurrentPerform(iterations: samples.count) { k in
            let outcome = Result { try Self.measure(samples[k], reference, encoder, pooling, tMax, checkpoints, analyse) }
            outcomes.withLock { $0[k] = outcome }
            let done = finished.withLock { count -> Int in
                count += 1
                return count
            }
            progress?(done, samples.count, samples[k].name)
        }
        return try outcomes.withLock { all in
            try all.map { try ($0 ?? .failure(OperatorError.arithmetic("a sample did not run"))).get() }.map { (outcome: $0.0, analysis: $0.1) }
        }
    }

    /// One sample: the ANN forward, the SNN run, the per-layer comparison at each checkpoint.
    static func measure<Analysis>(
        _ sample: EncoderSample, _ reference: ReferenceEncoder<Double>, _ encoder: SpikingEncoder<Double>, _ pooling: SentencePooling,
        _ tMax: Int,
        _ checkpoints: [Int], _ analyse: ((RecordedSample) throws -> Analysis)?
    ) throws -> (SampleOutcome, Analysis?) {
        let ann = try reference.forward(sample.input, mask: sample.mask)
        let layers = ann.count
        var spikes = [[EncoderSite: [Int]]](repeating: [:], count: layers)
        var elements = [[EncoderSite: Int]](repeating: [:], count: layers)
        let observe: SiteObserver<Double> = { o in
            guard o.site != .output else { return }
            spikes[o.layer][o.site, default: []].append(o.spikes)
            elements[o.layer][o.site] = o.output.count
        }
        let run: SpikingRun<Double>
        var analysis: Analysis?
        if let analyse {
            let recorded = try encoder.runRecordingResiduals(
                sample.input, mask: sample.mask, steps: tMax, checkpoints: checkpoints, observe: observe)
            run = recorded.run
            analysis = try analyse(RecordedSample(sample: sample, ann: ann, means: run.meanOutputs, residuals: recorded.residuals))
        } else {
            run = try encoder.run(sample.input, mask: sample.mask, steps: tMax, checkpoints: checkpoints, observe: observe)
        }
        let kept = sample.keptTokens
        var errors = [Int: [ErrorAccumulator]]()
        var embeddings = [Int: [Double]]()
        var firstTokens = [Int: [Double]]()
        for T in checkpoints {
            guard let means = run.meanOutputs[T] else { continue }
            errors[T] = try zip(means, ann).map { snn, a in
                var e = ErrorAccumulator()
                try e.add(snn: snn, ann: a, rows: kept)
                return e
            }
            if let last = means.last {
                embeddings[T] = try pooling.embed(last, mask: sample.mask)
                firstTokens[T] = Array(last.row(0))
            }
        }
        let outcome = SampleOutcome(
            errors: errors, annEmbedding: try pooling.embed(ann[layers - 1], mask: sample.mask),
            snnEmbeddings: embeddings, annFirstToken: Array(ann[layers - 1].row(0)), snnFirstToken: firstTokens,
            synapticOperations: run.synapticOperations, spikes: spikes, elements: elements,
            tokens: sample.input.shape[0])
        return (outcome, analysis)
    }
}

/// One sample's run as an analysis sees it: the input, the Double ANN's layer outputs, the
/// SNN's mean layer outputs at each checkpoint T and every neuron site's residual at each T.
public struct RecordedSample: Sendable {
    public let sample: EncoderSample
    public let ann: [Tensor<Double>]
    public let means: [Int: [Tensor<Double>]]
    public let residuals: SiteResiduals<Double>

    public init(sample: EncoderSample, ann: [Tensor<Double>], means: [Int: [Tensor<Double>]], residuals: SiteResiduals<Double>) {
        self.sample = sample
        self.ann = ann
        self.means = means
        self.residuals = residuals
    }
}
