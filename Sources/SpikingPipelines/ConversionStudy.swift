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

    public init(reference: ReferenceEncoder<Double>, calibration: PipelineCalibration) {
        self.reference = reference
        self.calibration = calibration
    }

    /// Measures at every T in `steps` (sorted, each ≥ 1). Samples run in parallel on the
    /// machine's cores; `progress` is told when each sample finishes.
    public func run(
        samples: [EncoderSample], steps: [Int], progress: (@Sendable (Int, Int, String) -> Void)? = nil
    ) throws -> ConversionResult {
        let checkpoints = Array(Set(steps)).sorted()
        guard let tMax = checkpoints.last, checkpoints[0] >= 1 else {
            throw OperatorError.invalidParameter("T must be a list of integers ≥ 1")
        }
        guard !samples.isEmpty else { throw OperatorError.invalidParameter("no inputs to run") }
        let encoder = try SpikingEncoder(reference: reference, calibration: calibration)
        let outcomes = Mutex([Result<SampleOutcome, Error>?](repeating: nil, count: samples.count))
        let finished = Mutex(0)
        let reference = self.reference
        DispatchQueue.concurrentPerform(iterations: samples.count) { k in
            let outcome = Result { try Self.measure(samples[k], reference, encoder, tMax, checkpoints) }
            outcomes.withLock { $0[k] = outcome }
            let done = finished.withLock { count -> Int in
                count += 1
                return count
            }
            progress?(done, samples.count, samples[k].name)
        }
        let results = try outcomes.withLock { all in try all.map { try ($0 ?? .failure(OperatorError.arithmetic("a sample did not run"))).get() } }
        return try ConversionResult(
            pipeline: calibration.configuration.kind, samples: samples, outcomes: results, checkpoints: checkpoints,
            config: reference.config)
    }

    /// One sample: the ANN forward, the SNN run, the per-layer comparison at each checkpoint.
    static func measure(
        _ sample: EncoderSample, _ reference: ReferenceEncoder<Double>, _ encoder: SpikingEncoder<Double>, _ tMax: Int,
        _ checkpoints: [Int]
    ) throws -> SampleOutcome {
        let ann = try reference.forward(sample.input, mask: sample.mask)
        let layers = ann.count
        var spikes = [[EncoderSite: [Int]]](repeating: [:], count: layers)
        var elements = [[EncoderSite: Int]](repeating: [:], count: layers)
        let run = try encoder.run(sample.input, mask: sample.mask, steps: tMax, checkpoints: checkpoints) { o in
            guard o.site != .output else { return }
            spikes[o.layer][o.site, default: []].append(o.spikes)
            elements[o.layer][o.site] = o.output.count
        }
        let kept = sample.keptTokens
        var errors = [Int: [ErrorAccumulator]]()
        var embeddings = [Int: [Double]]()
        for T in checkpoints {
            guard let means = run.meanOutputs[T] else { continue }
            errors[T] = try zip(means, ann).map { snn, a in
                var e = ErrorAccumulator()
                try e.add(snn: snn, ann: a, rows: kept)
                return e
            }
            if let last = means.last { embeddings[T] = try ReferenceEncoder<Double>.sentenceEmbedding(last, mask: sample.mask) }
        }
        return SampleOutcome(
            errors: errors, annEmbedding: try ReferenceEncoder<Double>.sentenceEmbedding(ann[layers - 1], mask: sample.mask),
            snnEmbeddings: embeddings, synapticOperations: run.synapticOperations, spikes: spikes, elements: elements,
            tokens: sample.input.shape[0])
    }
}

/// What one sample contributed.
struct SampleOutcome: Sendable {
    let errors: [Int: [ErrorAccumulator]]
    let annEmbedding: [Double]
    let snnEmbeddings: [Int: [Double]]
    let synapticOperations: [Int: Int]
    /// Per layer and site, the spikes of each step.
    let spikes: [[EncoderSite: [Int]]]
    let elements: [[EncoderSite: Int]]
    let tokens: Int
}
