import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// Random tiny Transformer encoders (BERT post-LN or ViT pre-LN, with or without LayerScale)
/// with dyadic weights and inputs, so that exact and interval runs start from exact values.
struct TinyEncoder: CustomStringConvertible {
    let weights: EncoderWeights<Double>
    let samples: [EncoderSample]
    let seed: UInt64
    let reference: ReferenceEncoder<Double>

    var description: String {
        let c = weights.config
        return "tiny \(c.architecture.rawValue) (seed \(seed), hidden \(c.hiddenSize), heads \(c.heads), "
            + "layers \(c.layers), \(c.activation.rawValue)\(c.layerScale ? ", LayerScale" : ""))"
    }

    /// `tokens` tokens per input; the last input pads its last token when there are three or
    /// more, so masked keys are exercised.
    init(seed: UInt64, architecture: EncoderConfig.Architecture, layerScale: Bool = false, layers: Int = 2,
         tokens: Int = 3, inputs: Int = 3) throws {
        var rng = SplitMix(state: seed)
        let heads = 2, hidden = 4, intermediate = 8
        let activation: [ScalarFunction] = [.gelu, .geluTanh, .quickGelu]
        let config = try EncoderConfig(
            architecture: architecture, hiddenSize: hidden, layers: layers, heads: heads, intermediateSize: intermediate,
            activation: activation[Int(rng.next() % 3)], layerNormEpsilon: Rational.powerOfTwo(-16),
            layerScale: layerScale)
        /// A dyadic k/2^7 with |k| ≤ 96, scaled by `scale`.
        func dyadic(_ scale: Double) -> Double { Double(Int(rng.next() % 193) - 96) / 128 * scale }
        func tensor(_ shape: [Int], _ scale: Double) throws -> Tensor<Double> {
            try Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in dyadic(scale) })
        }
        func linear(_ outputs: Int, _ inputs: Int) throws -> Linear<Double> {
            try Linear(weight: tensor([outputs, inputs], 1.5 / Double(inputs).squareRoot()), bias: tensor([outputs], 0.25))
        }
        func norm() throws -> LayerNormWeights<Double> {
            try LayerNormWeights(
                gamma: (0..<hidden).map { _ in try Rational(exactly: 1 + dyadic(0.5)) },
                beta: (0..<hidden).map { _ in try Rational(exactly: dyadic(0.25)) })
        }
        let blocks = try (0..<layers).map { _ in
            BlockWeights(
                query: try linear(hidden, hidden), key: try linear(hidden, hidden), value: try linear(hidden, hidden),
                attentionOutput: try linear(hidden, hidden), norm1: try norm(), fc1: try linear(intermediate, hidden),
                fc2: try linear(hidden, intermediate), norm2: try norm(),
                layerScale1: layerScale ? try tensor([hidden], 0.5).map { abs($0) + 0.125 } : nil,
                layerScale2: layerScale ? try tensor([hidden], 0.5).map { abs($0) + 0.125 } : nil)
        }
        weights = try EncoderWeights(config: config, blocks: blocks)
        samples = try (0..<inputs).map { k in
            let mask: [Bool]? = k == inputs - 1 && tokens >= 3 ? (0..<tokens).map { $0 < tokens - 1 } : nil
            return try EncoderSample(name: "input.\(k)", input: tensor([tokens, hidden], 2), mask: mask)
        }
        self.seed = seed
        reference = try ReferenceEncoder(weights)
    }

    /// The pipeline calibrated on the encoder's own inputs (STA with interpolant operators).
    func calibration(_ kind: PipelineKind) throws -> PipelineCalibration {
        try PipelineCalibrator.calibrate(reference: reference, samples: samples, configuration: PipelineConfiguration(kind: kind))
    }

    /// The same encoder in interval arithmetic at `bits` bits.
    func intervalReference(bits: Int) throws -> ReferenceEncoder<Interval> {
        try ReferenceEncoder(weights.converted(to: Interval.self), context: NumericContext(bits: bits))
    }

    static func intervals(_ x: Tensor<Double>) throws -> Tensor<Interval> {
        try x.map { Interval(try Rational(exactly: $0)) }
    }
}

enum TinyEncoderGen {
    /// One encoder of the stream: a seed and an architecture.
    typealias Choice = (seed: UInt64, architecture: EncoderConfig.Architecture, layerScale: Bool)

    /// A seed and an architecture: BERT, ViT, ViT with LayerScale.
    static var encoder: AnyGen<Choice> {
        zip(Gen.int(in: 0...2), Gen.int(in: 1...1_000_000)).map { kind, seed in
            (UInt64(seed), kind == 0 ? .bertPostLN : .vitPreLN, kind == 2)
        }.eraseToAny()
    }
}
