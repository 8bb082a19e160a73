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
    /// `inject`, when given, replaces the value at each of the eight neuron sites by what it
    /// returns (B-INJ): the downstream operators of that site consume the returned value, while
    /// `observe` sees the value before injection and the residual stream stays unperturbed.
    /// `layers` runs only those blocks, x being the input of the first of them.
    public func forward(
        _ x: Tensor<Scalar>, mask: [Bool]? = nil, layers: Range<Int>? = nil, observe: Observer? = nil,
        inject: Injector? = nil
    ) throws -> [Tensor<Scalar>] {
        guard x.rank == 2, x.shape[1] == config.hiddenSize else {
            throw OperatorError.shapeMismatch("encoder input \(x.shape), expected [tokens, \(config.hiddenSize)]")
        }
        if let mask, mask.count != x.shape[0] {
            throw OperatorError.shapeMismatch("mask of \(mask.count) for \(x.shape[0]) tokens")
        }
        if let mask, !mask.contains(true) { throw OperatorError.invalidParameter("the mask hides every token") }
        let range = layers ?? weights.blocks.indices
        guard range.lowerBound >= 0, range.upperBound <= weights.blocks.count else {
            throw OperatorError.invalidParameter("layers \(range) outside the encoder's 0..<\(weights.blocks.count)")
        }
        var states: [Tensor<Scalar>] = []
        var h = x
        for layer in range {
            h = try block(
                h, layer, mask: mask, observe: observe.map { o in { try o(layer, $0, $1) } },
                inject: inject.map { i in { try i(layer, $0, $1) } })
            states.append(h)
        }
        return states
    }

    /// Sees a site's activation: (layer, site, value).
    public typealias Observer = (Int, EncoderSite, Tensor<Scalar>) throws -> Void
    /// Sees a site's activation within one block.
    public typealias BlockObserver = (EncoderSite, Tensor<Scalar>) throws -> Void
    /// Replaces a neuron site's value: (layer, site, value) → the value downstream operators use.
    public typealias Injector = (Int, EncoderSite, Tensor<Scalar>) throws -> Tensor<Scalar>
    /// Replaces a neuron site's value within one block.
    public typealias BlockInjector = (EncoderSite, Tensor<Scalar>) throws -> Tensor<Scalar>

    /// One block.
    public func block(
        _ x: Tensor<Scalar>, _ layer: Int, mask: [Bool]?, observe: BlockObserver? = nil, inject: BlockInjector? = nil
    ) throws -> Tensor<Scalar> {
        let w = weights.blocks[layer]
        let y: Tensor<Scalar>
        switch config.architecture {
        case .bertPostLN:
            let attended = try attention(x, w, mask: mask, observe: observe, inject: inject)
            let a = try x + attended
            try observe?(.norm1Input, a)
            let h = try layerNorm(a, norm1[layer])
            let f = try mlp(h, w, observe: observe, inject: inject)
            let b = try h + f
            try observe?(.norm2Input, b)
            y = try layerNorm(b, norm2[layer])
        case .vitPreLN:
            try observe?(.norm1Input, x)
            var attended = try attention(layerNorm(x, norm1[layer]), w, mask: mask, observe: observe, inject: inject)
            if let g = w.layerScale1 { attended = try attended.scalingRows(by: g) }
            let h = try x + attended
            try observe?(.norm2Input, h)
            var f = try mlp(layerNorm(h, norm2[layer]), w, observe: observe, inject: inject)
            if let g = w.layerScale2 { f = try f.scalingRows(by: g) }
            y = try h + f
        }
        try observe?(.output, y)
        return y
    }

    /// Multi-head self-attention followed by the output projection.
    public func attention(
        _ x: Tensor<Scalar>, _ w: BlockWeights<Scalar>, mask: [Bool]?, observe: BlockObserver? = nil,
        inject: BlockInjector? = nil
    ) throws -> Tensor<Scalar> {
        let site = SiteHook(observe: observe, inject: inject)
        let input = try site(.qkvInput, x)
        let q = try site(.query, linear(w.query, input))
        let k = try site(.key, linear(w.key, input))
        let v = try site(.value, linear(w.value, input))
        let d = config.headSize, n = x.shape[0]
        var allScores: [Tensor<Scalar>] = [], allProbabilities: [Tensor<Scalar>] = []
        for head in 0..<config.heads {
            let qh = try q.columns(head * d, d), kh = try k.columns(head * d, d)
            let scale = self.scale, bits = context.bits
            let scores = try qh.matmul(kh.transposed()).concurrentMap(parallel: Self.costly) { ($0 * scale).outwardSimplified(bits: bits) }
            if observe != nil { allScores.append(scores) }
            allProbabilities.append(try maskedSoftmax(scores, mask))
        }
        if let observe { try observe(.attentionScores, Tensor.concatenatingColumns(allScores)) }
        if observe != nil || inject != nil {
            // Site 5 sees all heads side by side, [tokens, heads·tokens].
            let joined = try site(.attentionProbabilities, Tensor.concatenatingColumns(allProbabilities))
            allProbabilities = try (0..<config.heads).map { try joined.columns($0 * n, n) }
        }
        var heads: [Tensor<Scalar>] = []
        for head in 0..<config.heads {
            heads.append(try bounded(allProbabilities[head].matmul(v.columns(head * d, d))))
        }
        let joined = try site(.projectionInput, Tensor.concatenatingColumns(heads))
        return try linear(w.attentionOutput, joined)
    }

    /// Row-wise softmax over the unmasked keys; masked keys get probability 0.
    public func maskedSoftmax(_ scores: Tensor<Scalar>, _ mask: [Bool]?) throws -> Tensor<Scalar> {
        try Self.maskedSoftmax(scores, mask, context)
    }

    /// Row-wise softmax over the unmasked keys; masked keys get probability 0.
    public static func maskedSoftmax(_ scores: Tensor<Scalar>, _ mask: [Bool]?, _ context: NumericContext) throws -> Tensor<Scalar> {
        guard let mask, mask.contains(false) else {
            return try scores.concurrentMapRows(parallel: costly) { try Scalar.softmax(Array($0), context) }
        }
        let keep = mask.indices.filter { mask[$0] }
        return try scores.concurrentMapRows(parallel: costly) { row in
            let kept = try Scalar.softmax(keep.map { row[row.startIndex + $0] }, context)
            var out = [Scalar](repeating: .zero, count: row.count)
            for (i, j) in keep.enumerated() { out[j] = kept[i] }
            return out
        }
    }

    public func mlp(
        _ x: Tensor<Scalar>, _ w: BlockWeights<Scalar>, observe: BlockObserver? = nil, inject: BlockInjector? = nil
    ) throws -> Tensor<Scalar> {
        let site = SiteHook(observe: observe, inject: inject)
        let z = try linear(w.fc1, site(.fc1Input, x))
        try observe?(.geluInput, z)
        let activation = config.activation, context = self.context
        let hidden = try z.concurrentMap(parallel: Self.costly) { try $0.applying(activation, context) }
        return try linear(w.fc2, site(.fc2Input, hidden))
    }

    /// A linear layer, its output's representation bounded (intervals: outward rounding to the
    /// context's precision; Double and Rational unchanged).
    func linear(_ l: Linear<Scalar>, _ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try bounded(l(x))
    }

    /// x with every entry's representation bounded to the context's precision (intervals:
    /// rounded outward; Double and Rational unchanged).
    public func bounded(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        let bits = context.bits
        return x.concurrentMap(parallel: Self.costly) { $0.outwardSimplified(bits: bits) }
    }

    public func layerNorm(_ x: Tensor<Scalar>, _ parameters: LayerNormParameters<Scalar>) throws -> Tensor<Scalar> {
        let context = self.context
        return try x.concurrentMapRows(parallel: Self.costly) { try Scalar.layerNorm(Array($0), parameters, context) }
    }

    /// Whether the scalar's elementary functions are costly enough to spread over the cores:
    /// intervals and rationals. Double runs stay on one thread (the pipelines already run one
    /// input per core).
    static var costly: Bool { Scalar.self != Double.self }
}

/// A neuron site's hooks within one block: the observer sees the value, then the injector (if
/// any) replaces it for the downstream operators.
struct SiteHook<Scalar: SpikeScalar> {
    let observe: ReferenceEncoder<Scalar>.BlockObserver?
    let inject: ReferenceEncoder<Scalar>.BlockInjector?

    func callAsFunction(_ site: EncoderSite, _ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try observe?(site, value)
        return try inject?(site, value) ?? value
    }
}
