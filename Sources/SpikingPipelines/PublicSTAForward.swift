import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// What the public STA structure's ANN mode shows its calibration at one place of a block: the
/// input of a neuron or of a group operator's hidden units (docs/sta-structures.md).
public enum PublicSTAProbe<Scalar: SpikeScalar>: Sendable {
    /// A signed encoder's input a at `site` (norm1Output, norm2Output, projectionInput):
    /// its two neurons see relu(a) and relu(−a), per channel.
    case encoder(EncoderSite, Tensor<Scalar>)
    /// The attention probabilities [tokens, heads·tokens] (column head·tokens + key).
    case probabilities(Tensor<Scalar>)
    /// The GELU operator's input z (fc1's output); hidden unit i sees relu(W₁[i]·z + b₁[i]).
    case geluInput(Tensor<Scalar>)
    /// A LayerNorm's variance, one per token ([tokens, 1]); `site` names the LayerNorm by its
    /// output (norm1Output, norm2Output). The 1/√x operator's unit i sees relu(W₁[i]·σ² + b₁[i]).
    case variance(EncoderSite, Tensor<Scalar>)
}

/// The public STA structure in ANN mode: the converted model with every neuron replaced by its
/// ANN counterpart (an encoder relu(a) − relu(−a) = a, the probability neuron relu(p) = p, group
/// operators with ReLU units) and exact products, the approximate operators in place. This is
/// what the released code calibrates its thresholds on (point 4 of docs/sta-structures.md), and
/// the limit its spiking mode approaches as T grows.
///
/// - LayerNorm (SpikeLN, ANN mode): y = x − mean(x), σ² = mean(y²), out = (y·g(σ²))·γ + β with g
///   the 1/√x operator (no ε); the encoder sits at y·g(σ²), before γ and β.
/// - Attention: q, k, v from the block's input; p = STA softmax (public rules) of q·kᵀ/√d; the
///   attention output p·v goes through an encoder before the output projection.
/// - MLP: fc2(g(fc1(x))) with g the GELU operator.
public struct PublicSTAForward<Scalar: SpikeScalar>: Sendable {
    public let reference: ReferenceEncoder<Scalar>
    public let compositions: STACompositions<Scalar>
    public let gelu: GroupOperatorValues<Scalar>

    public init(reference: ReferenceEncoder<Scalar>, operators: STAOperators, softmaxShift: STASoftmaxShift = .firstKey) {
        self.reference = reference
        compositions = STACompositions(operators, softmaxShift: softmaxShift, structure: .public)
        gelu = GroupOperatorValues(operators.gelu)
    }

    public typealias Observer = (Int, PublicSTAProbe<Scalar>) throws -> Void

    /// Every block's output for input x [tokens, hidden]; `observe` sees each probe.
    public func forward(_ x: Tensor<Scalar>, mask: [Bool]?, observe: Observer? = nil) throws -> [Tensor<Scalar>] {
        var h = x, states = [Tensor<Scalar>]()
        for layer in 0..<reference.config.layers {
            h = try block(h, layer, mask: mask, observe: observe.map { o in { try o(layer, $0) } })
            states.append(h)
        }
        return states
    }

    func block(_ x: Tensor<Scalar>, _ layer: Int, mask: [Bool]?, observe: ((PublicSTAProbe<Scalar>) throws -> Void)?) throws -> Tensor<Scalar> {
        let w = reference.weights.blocks[layer]
        let n1 = reference.norm1[layer], n2 = reference.norm2[layer]
        switch reference.config.architecture {
        case .bertPostLN:
            let h = try layerNorm(x + attention(x, w, mask: mask, observe: observe), n1, .norm1Output, observe)
            return try layerNorm(h + mlp(h, w, observe), n2, .norm2Output, observe)
        case .vitPreLN:
            var attended = try attention(layerNorm(x, n1, .norm1Output, observe), w, mask: mask, observe: observe)
            if let g = w.layerScale1 { attended = try attended.scalingRows(by: g) }
            let h = try x + attended
            var f = try mlp(layerNorm(h, n2, .norm2Output, observe), w, observe)
            if let g = w.layerScale2 { f = try f.scalingRows(by: g) }
            return try h + f
        }
    }

    func layerNorm(
        _ x: Tensor<Scalar>, _ parameters: LayerNormParameters<Scalar>, _ site: EncoderSite,
        _ observe: ((PublicSTAProbe<Scalar>) throws -> Void)?
    ) throws -> Tensor<Scalar> {
        let compositions = self.compositions
        let parts = try (0..<x.rowCount).map { try compositions.layerNormParts(x.row($0), parameters) }
        try observe?(.variance(site, Tensor(shape: [x.rowCount, 1], values: parts.map(\.variance))))
        let normalised = try Tensor(shape: x.shape, values: parts.flatMap { p in p.y.map { $0 * p.root } })
        try observe?(.encoder(site, normalised))
        return try parameters.affine(normalised)
    }

    func attention(
        _ x: Tensor<Scalar>, _ w: BlockWeights<Scalar>, mask: [Bool]?, observe: ((PublicSTAProbe<Scalar>) throws -> Void)?
    ) throws -> Tensor<Scalar> {
        let config = reference.config, d = config.headSize, n = x.shape[0]
        let q = try w.query(x), k = try w.key(x), v = try w.value(x)
        let keep = (0..<n).filter { mask?[$0] ?? true }
        let compositions = self.compositions, scale = reference.scale
        var probabilities = [Tensor<Scalar>]()
        for head in 0..<config.heads {
            let scores = try q.columns(head * d, d).matmul(k.columns(head * d, d).transposed()).scaled(by: scale)
            probabilities.append(try scores.mapRows { try compositions.softmax($0, keep: keep) })
        }
        try observe?(.probabilities(Tensor.concatenatingColumns(probabilities)))
        let heads = try (0..<config.heads).map { head in try probabilities[head].matmul(v.columns(head * d, d)) }
        let joined = try Tensor.concatenatingColumns(heads)
        try observe?(.encoder(.projectionInput, joined))
        return try w.attentionOutput(joined)
    }

    func mlp(_ x: Tensor<Scalar>, _ w: BlockWeights<Scalar>, _ observe: ((PublicSTAProbe<Scalar>) throws -> Void)?) throws -> Tensor<Scalar> {
        let z = try w.fc1(x)
        try observe?(.geluInput(z))
        let gelu = self.gelu
        return try w.fc2(z.map { try gelu($0) })
    }
}
