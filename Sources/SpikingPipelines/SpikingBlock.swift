import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// What an encoder block with neurons at spec §6's sites provides (ECMT, and STA's spikebound
/// structure); the block's data flow (`step`, `attention`) is written once in the extension
/// below, for ECMT and STA alike. `step` is an extension method, not a requirement: called
/// statically, it is specialised with the run (as a protocol requirement with a default it was
/// reached through a generic witness, about 20% slower with `spikebound-bench pipeline sta`).
///
/// - BERT post-LN: h = N₁(x + Attn(x)), y = N₂(h + MLP(h));
/// - ViT pre-LN: h = x + γ₁·Attn(N₁(x)), y = h + γ₂·MLP(N₂(h));
///
/// with neurons at the eight sites of spec §6 and an analog residual stream. Each pipeline
/// supplies its LayerNorms N₁, N₂, its activation, its neuron kind and the step from spiking
/// q, k to the spike train of attention probabilities; both use their own product for P·V.
protocol SpikingBlock<Scalar>: Sendable {
    associatedtype Scalar: SpikeScalar
    associatedtype Neuron: SiteNeuron where Neuron.Scalar == Scalar
    var layer: Int { get }
    var reference: ReferenceEncoder<Scalar> { get }
    var sites: NeuronSites<Neuron> { get set }
    var weighted: [SpikeProduct<Scalar>] { get set }
    var output: SiteTotal<Scalar> { get set }

    /// The block's first (`second: false`) or second LayerNorm, on this step's input.
    mutating func normalise(_ x: Tensor<Scalar>, second: Bool) throws -> Tensor<Scalar>
    /// The MLP's activation on this step's fc1 output.
    mutating func activate(_ z: Tensor<Scalar>) throws -> Tensor<Scalar>
    /// From this step's q and k spikes to the attention-probability spikes
    /// [tokens, heads·tokens] that enter P·V; adds the step's synaptic operations to `cost`.
    mutating func probabilities(
        q: Tensor<Scalar>, k: Tensor<Scalar>, tokens n: Int, cost: inout Int, observe: SiteObserver<Scalar>?
    ) throws -> Tensor<Scalar>
}

extension SpikingBlock {
    /// One step: the block's input x_t → its output y_t. `cost` gains the step's synaptic
    /// operations (spikes × fan-out in the linear layers and the two products).
    mutating func step(_ x: Tensor<Scalar>, cost: inout Int, observe: SiteObserver<Scalar>?) throws -> Tensor<Scalar> {
        let w = reference.weights.blocks[layer]
        let post = reference.config.architecture == .bertPostLN
        let attended = try attention(post ? x : try normalise(x, second: false), w, cost: &cost, observe: observe)
        let h: Tensor<Scalar>
        if post {
            h = try normalise(x + attended, second: false)
        } else {
            h = try x + (w.layerScale1.map { try attended.scalingRows(by: $0) } ?? attended)
        }
        let (s7, n7) = try sites.fire(.fc1Input, post ? h : try normalise(h, second: true), observe)
        cost += n7 * w.fc1.outputs
        let (s8, n8) = try sites.fire(.fc2Input, try activate(w.fc1(s7)), observe)
        cost += n8 * w.fc2.outputs
        let f = try w.fc2(s8)
        let y: Tensor<Scalar>
        if post {
            y = try normalise(h + f, second: true)
        } else {
            y = try h + (w.layerScale2.map { try f.scalingRows(by: $0) } ?? f)
        }
        try output.record(y, membrane: nil, layer: layer, observe: observe)
        return y
    }

    mutating func attention(
        _ x: Tensor<Scalar>, _ w: BlockWeights<Scalar>, cost: inout Int, observe: SiteObserver<Scalar>?
    ) throws -> Tensor<Scalar> {
        let config = reference.config
        let (s1, n1) = try sites.fire(.qkvInput, x, observe)
        cost += n1 * (w.query.outputs + w.key.outputs + w.value.outputs)
        let q = try sites.fire(.query, w.query(s1), observe).spikes
        let k = try sites.fire(.key, w.key(s1), observe).spikes
        let v = try sites.fire(.value, w.value(s1), observe).spikes
        let p = try probabilities(q: q, k: k, tokens: x.shape[0], cost: &cost, observe: observe)
        let heads = try AttentionProducts.weighted(p: p, v: v, products: &weighted, config: config, cost: &cost)
        let (s6, n6) = try sites.fire(.projectionInput, heads, observe)
        cost += n6 * w.attentionOutput.outputs
        return try w.attentionOutput(s6)
    }
}
