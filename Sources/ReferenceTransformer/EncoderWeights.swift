import ExactArithmetic
import Tensors

/// A linear map y = x·Wᵀ + b with W stored as [out, in] (PyTorch's layout).
public struct Linear<Scalar: SpikeScalar>: Sendable {
    public let weight: Tensor<Scalar>
    public let bias: Tensor<Scalar>
    /// Wᵀ, kept so that the product is a plain [tokens, in]·[in, out] matmul.
    let weightTransposed: Tensor<Scalar>
    /// Wᵀ in the form its scalar's product reads fastest (PreparedMatrix: Floats for a float32
    /// checkpoint's Doubles, B-FIX's integer columns for point Balls), made once here.
    let prepared: PreparedMatrix?

    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>) throws {
        guard weight.rank == 2, bias.rank == 1, bias.count == weight.shape[0] else {
            throw OperatorError.shapeMismatch("linear weight \(weight.shape) with bias \(bias.shape)")
        }
        self.weight = weight
        self.bias = bias
        weightTransposed = try weight.transposed()
        prepared = PreparedMatrix.prepare(weightTransposed)
    }

    public var inputs: Int { weight.shape[1] }
    public var outputs: Int { weight.shape[0] }

    /// x·Wᵀ + b for x of shape [tokens, in].
    public func callAsFunction(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try x.matmul(weightTransposed, prepared: prepared).addingRowVector(bias)
    }
}

/// LayerNorm's γ and β.
public struct LayerNormWeights<Scalar: SpikeScalar>: Sendable {
    public let gamma: [Rational]
    public let beta: [Rational]

    public init(gamma: [Rational], beta: [Rational]) throws {
        guard gamma.count == beta.count else {
            throw OperatorError.shapeMismatch("LayerNorm with \(gamma.count) gamma and \(beta.count) beta values")
        }
        self.gamma = gamma
        self.beta = beta
    }
}

/// One encoder block's weights.
public struct BlockWeights<Scalar: SpikeScalar>: Sendable {
    public let query: Linear<Scalar>
    public let key: Linear<Scalar>
    public let value: Linear<Scalar>
    public let attentionOutput: Linear<Scalar>
    /// BERT: the LayerNorm after attention; ViT: the LayerNorm before it.
    public let norm1: LayerNormWeights<Scalar>
    public let fc1: Linear<Scalar>
    public let fc2: Linear<Scalar>
    /// BERT: the LayerNorm after the MLP; ViT: the LayerNorm before it.
    public let norm2: LayerNormWeights<Scalar>
    /// ViT LayerScale γ₁ and γ₂ (nil without LayerScale).
    public let layerScale1: Tensor<Scalar>?
    public let layerScale2: Tensor<Scalar>?

    public init(
        query: Linear<Scalar>, key: Linear<Scalar>, value: Linear<Scalar>, attentionOutput: Linear<Scalar>,
        norm1: LayerNormWeights<Scalar>, fc1: Linear<Scalar>, fc2: Linear<Scalar>, norm2: LayerNormWeights<Scalar>,
        layerScale1: Tensor<Scalar>? = nil, layerScale2: Tensor<Scalar>? = nil
    ) {
        self.query = query
        self.key = key
        self.value = value
        self.attentionOutput = attentionOutput
        self.norm1 = norm1
        self.fc1 = fc1
        self.fc2 = fc2
        self.norm2 = norm2
        self.layerScale1 = layerScale1
        self.layerScale2 = layerScale2
    }
}

/// The encoder: its config and one weight set per block.
public struct EncoderWeights<Scalar: SpikeScalar>: Sendable {
    public let config: EncoderConfig
    public let blocks: [BlockWeights<Scalar>]

    public init(config: EncoderConfig, blocks: [BlockWeights<Scalar>]) throws {
        guard blocks.count == config.layers else {
            throw OperatorError.shapeMismatch("\(blocks.count) blocks for \(config.layers) layers")
        }
        self.config = config
        self.blocks = blocks
    }
}

extension EncoderWeights where Scalar == Double {
    /// The same weights in another arithmetic, exactly (every Double is a rational). Throws on
    /// NaN or infinity.
    public func converted<T: SpikeScalar>(to _: T.Type) throws -> EncoderWeights<T> {
        func tensor(_ x: Tensor<Double>) throws -> Tensor<T> { try x.map { try T.exactly($0) } }
        func linear(_ l: Linear<Double>) throws -> Linear<T> { try Linear(weight: tensor(l.weight), bias: tensor(l.bias)) }
        func norm(_ n: LayerNormWeights<Double>) throws -> LayerNormWeights<T> { try LayerNormWeights(gamma: n.gamma, beta: n.beta) }
        return try EncoderWeights<T>(config: config, blocks: blocks.map { b in
            BlockWeights(
                query: try linear(b.query), key: try linear(b.key), value: try linear(b.value),
                attentionOutput: try linear(b.attentionOutput), norm1: try norm(b.norm1), fc1: try linear(b.fc1),
                fc2: try linear(b.fc2), norm2: try norm(b.norm2), layerScale1: try b.layerScale1.map(tensor),
                layerScale2: try b.layerScale2.map(tensor))
        })
    }
}
