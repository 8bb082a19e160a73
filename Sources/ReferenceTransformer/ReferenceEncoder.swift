import ExactArithmetic
import Tensors

/// The reference (ANN) encoder, written once over the scalar: Double for speed, Interval for
/// certified runs. BERT post-LN and ViT pre-LN blocks, multi-head attention with a padding mask.
public struct ReferenceEncoder<Scalar: SpikeScalar>: Sendable {
    public let weights: EncoderWeights<Scalar>
    public let context: NumericContext
    let norm1: [LayerNormParameters<Scalar>]
    let norm2: [LayerNormParameters<Scalar>]
    /// 1/√(head size).
    let scale: Scalar

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
    public func forward(_ x: Tensor<Scalar>, mask: [Bool]? = nil) throws -> [Tensor<Scalar>] {
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
            h = try block(h, layer, mask: mask)
            states.append(h)
        }
        return states
    }

    /// One block.
    public func block(_ x: Tensor<Scalar>, _ layer: Int, mask: [Bool]?) throws -> Tensor<Scalar> {
        let w = weights.blocks[layer]
        switch config.architecture {
        case .bertPostLN:
            let attended = try attention(x, w, mask: mask)
            let h = try layerNorm(x + attended, norm1[layer])
            let f = try mlp(h, w)
            return try layerNorm(h + f, norm2[layer])
        case .vitPreLN:
            var attended = try attention(layerNorm(x, norm1[layer]), w, mask: mask)
            if let g = w.layerScale1 { attended = try attended.scalingRows(by: g) }
            let h = try x + attended
            var f = try mlp(layerNorm(h, norm2[layer]), w)
            if let g = w.layerScale2 { f = try f.scalingRows(by: g) }
            return try h + f
        }
    }

    /// Multi-head self-attention followed by the output projection.
    public func attention(_ x: Tensor<Scalar>, _ w: BlockWeights<Scalar>, mask: [Bool]?) throws -> Tensor<Scalar> {
        let q = try w.query(x), k = try w.key(x), v = try w.value(x)
        let d = config.headSize
        var heads: [Tensor<Scalar>] = []
        for head in 0..<config.heads {
            let qh = try q.columns(head * d, d), kh = try k.columns(head * d, d), vh = try v.columns(head * d, d)
            let scores = try qh.matmul(kh.transposed()).map { $0 * scale }
            let probabilities = try maskedSoftmax(scores, mask)
            heads.append(try probabilities.matmul(vh))
        }
        return try w.attentionOutput(Tensor.concatenatingColumns(heads))
    }

    /// Row-wise softmax over the unmasked keys; masked keys get probability 0.
    public func maskedSoftmax(_ scores: Tensor<Scalar>, _ mask: [Bool]?) throws -> Tensor<Scalar> {
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

    public func mlp(_ x: Tensor<Scalar>, _ w: BlockWeights<Scalar>) throws -> Tensor<Scalar> {
        let hidden = try w.fc1(x).map { try $0.applying(config.activation, context) }
        return try w.fc2(hidden)
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
