import ExactArithmetic
import Tensors

/// The reference (ANN) encoder, written once over the scalar: Double for speed, Interval for
/// certified runs. BERT post-LN and ViT pre-LN blocks, multi-head attention with a padding mask.
public struct ReferenceEncoder<Scalar: SpikeScalar>: Sendable {
    public let weights: EncoderWeights<Scalar>
    public let context: NumericContext
    /// Each block's first and second LayerNorm (γ, β, ε) in the run's arithmetic.
    public let norm1: [LayerNormParameters<Scalar>]
    public let norm2: [LayerNormParameters<Scalar>]
    /// 1/√(head size), the attention scores' scale.
    public let scale: Scalar

    public init(_ weights: EncoderWeights<Scalar>, context: NumericContext = NumericContext()) throws {
        self.weights = weights
        self.context = context
        let epsilon = weights.config.layerNormEpsilon
        norm1 = weights.blocks.map { LayerNormParameters(gamma: $0.norm1.gamma, beta: $0.norm1.beta, epsilon: epsilon) }
        norm2 = weights.blocks.map { LayerNormParameters(gamma: $0.norm2.gamma, beta: $0.norm2.beta, epsilon: epsilon) }
        scale = try Scalar(Rational(weights.config.headSize)).applying(.rsqrt, context)
    }

    public var config: EncoderConfig { weights.config }

    /// The hidden states after each block, for input x of shape [tokens, hidden]. `mask[j]`
    /// false excludes token j as a key (a padded position); nil attends to every token.
    /// `observe` sees every site's activation (layer, site, value) as the run passes it.
    public func forward(
        _ x: Tensor<Scalar>, mask: [Bool]? = nil, observe: Observer? = nil
    ) throws -> [Tensor<Scalar>] {
        guard x.rank == 2, x.shape[1] == config.hiddenSize else {
            throw OperatorError.shapeMismatch("encoder input \(x.shape), expected [tokens, \(config.hiddenSize)]")
        }
        if let mask, mask.count != x.shape[0] {
            throw OperatorError.shapeMismatch("mask of \(mask.count) for \(x.shape[0]) tokens")
        }
        if let mask, !mask.contains(true) { throw OperatorError.invalidParameter("the mask hides every token") }
        var states: [Tensor<Scalar>] = []
        var h = x
        for layer in weights.blocks.indices {
            h = try block(h, layer, mask: mask, observe: observe.map { o in { try o(layer, $0, $1) } })
            states.append(h)
        }
        return states
    }

    /// Sees a site's activation: (layer, site, value).
    public typealias Observer = (Int, EncoderSite, Tensor<Scalar>) throws -> Void
    /// Sees a site's activation within one block.
    public typealias BlockObserver = (EncoderSite, Tensor<Scalar>) throws -> Void

    /// One block.
    public func block(
        _ x: Tensor<Scalar>, _ layer: Int, mask: [Bool]?, observe: BlockObserver? = nil
    ) throws -> Tensor<Scalar> {
        let w = weights.blocks[layer]
        let y: Tensor<Scalar>
        switch config.architecture {
        case .bertPostLN:
            let attended = try attention(x, w, mask: mask, observe: observe)
            let a = try x + attended
            try observe?(.norm1Input, a)
            let h = try layerNorm(a, norm1[layer])
            let f = try mlp(h, w, observe: observe)
            let b = try h + f
            try observe?(.norm2Input, b)
            y = try layerNorm(b, norm2[layer])
        case .vitPreLN:
            try observe?(.norm1Input, x)
            var attended = try attention(layerNorm(x, norm1[layer]), w, mask: mask, observe: observe)
            if let g = w.layerScale1 { attended = try attended.scalingRows(by: g) }
            let h = try x + attended
            try observe?(.norm2Input, h)
            var f = try mlp(layerNorm(h, norm2[layer]), w, observe: observe)
            if let g = w.layerScale2 { f = try f.scalingRows(by: g) }
            y = try h + f
        }
        try observe?(.output, y)
        return y
    }

    /// Multi-head self-attention followed by the output projection.
    public func attention(
        _ x: Tensor<Scalar>, _ w: BlockWeights<Scalar>, mask: [Bool]?, observe: BlockObserver? = nil
    ) throws -> Tensor<Scalar> {
        try observe?(.qkvInput, x)
        let q = try linear(w.query, x), k = try linear(w.key, x), v = try linear(w.value, x)
        try observe?(.query, q)
        try observe?(.key, k)
        try observe?(.value, v)
        let d = config.headSize
        var heads: [Tensor<Scalar>] = []
        var allScores: [Tensor<Scalar>] = [], allProbabilities: [Tensor<Scalar>] = []
        for head in 0..<config.heads {
            let qh = try q.columns(head * d, d), kh = try k.columns(head * d, d), vh = try v.columns(head * d, d)
            let scores = try qh.matmul(kh.transposed()).map { ($0 * scale).outwardSimplified(bits: context.bits) }
            let probabilities = try maskedSoftmax(scores, mask)
            if observe != nil {
                allScores.append(scores)
                allProbabilities.append(probabilities)
            }
            heads.append(try bounded(probabilities.matmul(vh)))
        }
        if let observe {
            try observe(.attentionScores, Tensor.concatenatingColumns(allScores))
            try observe(.attentionProbabilities, Tensor.concatenatingColumns(allProbabilities))
        }
        let joined = try Tensor.concatenatingColumns(heads)
        try observe?(.projectionInput, joined)
        return try linear(w.attentionOutput, joined)
    }

    /// Row-wise softmax over the unmasked keys; masked keys get probability 0.
    public func maskedSoftmax(_ scores: Tensor<Scalar>, _ mask: [Bool]?) throws -> Tensor<Scalar> {
        try Self.maskedSoftmax(scores, mask, context)
    }

    /// Row-wise softmax over the unmasked keys; masked keys get probability 0.
    public static func maskedSoftmax(_ scores: Tensor<Scalar>, _ mask: [Bool]?, _ context: NumericContext) throws -> Tensor<Scalar> {
        guard let mask, mask.contains(false) else {
            return try scores.mapRows { try Scalar.softmax(Array($0), context) }
        }
        let keep = mask.indices.filter { mask[$0] }
        return try scores.mapRows { row in
            let kept = try Scalar.softmax(keep.map { row[row.startIndex + $0] }, context)
            var out = [Scalar](repeating: .zero, count: row.count)
            for (i, j) in keep.enumerated() { out[j] = kept[i] }
            return out
        }
    }

    public func mlp(_ x: Tensor<Scalar>, _ w: BlockWeights<Scalar>, observe: BlockObserver? = nil) throws -> Tensor<Scalar> {
        try observe?(.fc1Input, x)
        let z = try linear(w.fc1, x)
        try observe?(.geluInput, z)
        let hidden = try z.map { try $0.applying(config.activation, context) }
        try observe?(.fc2Input, hidden)
        return try linear(w.fc2, hidden)
    }

    /// A linear layer, its output's representation bounded (intervals: outward rounding to the
    /// context's precision; Double and Rational unchanged).
    func linear(_ l: Linear<Scalar>, _ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try bounded(l(x))
    }

    func bounded(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        let bits = context.bits
        return x.map { $0.outwardSimplified(bits: bits) }
    }

    public func layerNorm(_ x: Tensor<Scalar>, _ parameters: LayerNormParameters<Scalar>) throws -> Tensor<Scalar> {
        try x.mapRows { try Scalar.layerNorm(Array($0), parameters, context) }
    }
}

extension ReferenceEncoder where Scalar == Double {
    /// Mean pooling over the unmasked tokens, then L2 normalisation (sentence-transformers).
    public static func sentenceEmbedding(_ h: Tensor<Double>, mask: [Bool]?) throws -> [Double] {
        guard h.rank == 2 else { throw OperatorError.shapeMismatch("pooling a rank-\(h.rank) tensor") }
        let keep = (0..<h.shape[0]).filter { mask?[$0] ?? true }
        var mean = [Double](repeating: 0, count: h.shape[1])
        for i in keep { for j in 0..<h.shape[1] { mean[j] += h.values[i * h.shape[1] + j] } }
        mean = mean.map { $0 / Double(keep.count) }
        let norm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? mean.map { $0 / max(norm, 1e-12) } : mean
    }
}
