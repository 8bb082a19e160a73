import ReferenceTransformer
import Tensors

/// The measured conversion error of a pipeline on a set of samples, per T.
public struct ConversionResult: Sendable, Encodable {
    public let pipeline: PipelineKind
    public let samples: [String]
    public let layers: Int
    public let steps: [StepResult]
    /// Every sample's sentence embedding, from the ANN and from the SNN at each T (for task
    /// metrics; not part of the encoded result).
    public let embeddings: SentenceEmbeddings

    enum CodingKeys: String, CodingKey { case pipeline, samples, layers, steps }

    /// The pooled sentence embeddings of the samples, in the samples' order, and the first
    /// token's last-layer output (what a classifier head reads).
    public struct SentenceEmbeddings: Sendable {
        public let ann: [[Double]]
        /// At each T of the grid.
        public let snn: [Int: [[Double]]]
        public let annFirstToken: [[Double]]
        public let snnFirstToken: [Int: [[Double]]]
    }

    /// The results at one T.
    public struct StepResult: Sendable, Encodable {
        public let T: Int
        /// Per layer, the error of the SNN's mean output against the Double ANN reference over
        /// the kept tokens of all samples.
        public let layers: [ErrorStatistics]
        public let agreement: EmbeddingAgreement
        /// Per layer and neuron site, spikes / (neurons · T).
        public let firingRates: [[String: Double]]
        /// Synaptic operations in T steps (spikes × fan-out in the linear layers and the two
        /// products), summed over samples.
        public let synapticOperations: Int
        /// ECMT's estimate: (0.9 pJ / 4.6 pJ) × synaptic operations / ANN multiply-adds.
        public let energyRatio: Double
    }

    /// The T grid as runs checkpoint it: sorted, without repeats, each ≥ 1.
    public static func checkpoints(_ steps: [Int]) throws -> [Int] {
        let checkpoints = Array(Set(steps)).sorted()
        guard let first = checkpoints.first, first >= 1 else { throw OperatorError.invalidParameter("T must be a list of integers ≥ 1") }
        return checkpoints
    }

    /// The result of the samples named `samples`, whose outcomes are `outcomes` (in the same
    /// order), on the T grid `steps`. Sums over samples run in that order, so the same outcomes
    /// give the same result, bit for bit, however the samples were run (in one process or in
    /// shards).
    public init(
        pipeline: PipelineKind, samples: [String], outcomes: [SampleOutcome], steps grid: [Int], config: EncoderConfig
    ) throws {
        guard samples.count == outcomes.count else {
            throw OperatorError.shapeMismatch("\(samples.count) samples and \(outcomes.count) outcomes")
        }
        guard !samples.isEmpty else { throw OperatorError.invalidParameter("no inputs to run") }
        for o in outcomes {
            let layers = [o.spikes.count, o.elements.count] + o.errors.values.map(\.count)
            if let wrong = layers.first(where: { $0 != config.layers }) {
                throw OperatorError.shapeMismatch("an outcome of \(wrong) layers for a model of \(config.layers)")
            }
        }
        let checkpoints = try Self.checkpoints(grid)
        self.pipeline = pipeline
        self.samples = samples
        layers = config.layers
        embeddings = SentenceEmbeddings(
            ann: outcomes.map(\.annEmbedding),
            snn: Dictionary(uniqueKeysWithValues: checkpoints.map { T in (T, outcomes.map { $0.snnEmbeddings[T] ?? [] }) }),
            annFirstToken: outcomes.map(\.annFirstToken),
            snnFirstToken: Dictionary(uniqueKeysWithValues: checkpoints.map { T in (T, outcomes.map { $0.snnFirstToken[T] ?? [] }) }))
        let annMACs = outcomes.reduce(0.0) { $0 + Self.multiplyAdds(config, tokens: $1.tokens) }
        steps = checkpoints.map { T in
            var accumulators = [ErrorAccumulator](repeating: ErrorAccumulator(), count: config.layers)
            for outcome in outcomes {
                for (layer, e) in (outcome.errors[T] ?? []).enumerated() { accumulators[layer].merge(e) }
            }
            let agreement = EmbeddingAgreement(
                ann: outcomes.map(\.annEmbedding), snn: outcomes.map { $0.snnEmbeddings[T] ?? [] })
            var rates = [[String: Double]](repeating: [:], count: config.layers)
            for layer in 0..<config.layers {
                // Every site that fired: spec §6's eight, or the public STA structure's encoders.
                for site in EncoderSite.allCases where site != .output {
                    var fired = 0, neurons = 0
                    for outcome in outcomes {
                        fired += (outcome.spikes[layer][site] ?? []).prefix(T).reduce(0, +)
                        neurons += outcome.elements[layer][site] ?? 0
                    }
                    if neurons > 0 { rates[layer][site.rawValue] = Double(fired) / Double(neurons * T) }
                }
            }
            let sops = outcomes.reduce(0) { $0 + ($1.synapticOperations[T] ?? 0) }
            return StepResult(
                T: T, layers: accumulators.map(\.statistics), agreement: agreement, firingRates: rates,
                synapticOperations: sops, energyRatio: annMACs > 0 ? 0.9 / 4.6 * Double(sops) / annMACs : 0)
        }
    }

    /// The ANN's multiply-adds in one forward of `tokens` tokens: the linear layers and the
    /// two attention products.
    public static func multiplyAdds(_ c: EncoderConfig, tokens n: Int) -> Double {
        let h = Double(c.hiddenSize), i = Double(c.intermediateSize), t = Double(n)
        let linear = t * (4 * h * h + 2 * h * i)
        let products = 2 * Double(c.heads) * t * t * Double(c.headSize)
        return Double(c.layers) * (linear + products)
    }
}

extension ErrorAccumulator {
    mutating func merge(_ other: ErrorAccumulator) {
        maxAbs = max(maxAbs, other.maxAbs)
        sumAbs += other.sumAbs
        sumSquares += other.sumSquares
        referenceSquares += other.referenceSquares
        count += other.count
        if other.nonFinite { nonFinite = true }
    }
}
