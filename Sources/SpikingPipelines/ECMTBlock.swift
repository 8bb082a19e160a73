import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// One encoder block converted by ECMT (spec §6): multi-threshold neurons at the eight sites,
/// expectation compensation around both LayerNorms, the softmax and the GELU, compensated
/// products for QKᵀ and attention·V. The residual stream stays analog (SpikingBlock).
///
/// The attention scale 1/√d multiplies the compensated product's output (a linear map, so the
/// mean is unchanged, MT-1 and SP-1 unaffected).
struct ECMTBlock<Scalar: SpikeScalar>: SpikingBlock {
    let layer: Int
    let reference: ReferenceEncoder<Scalar>
    let mask: [Bool]?
    var sites: NeuronSites<MultiThresholdNeuron<Scalar>>
    var scores: [SpikeProduct<Scalar>]
    var weighted: [SpikeProduct<Scalar>]
    var softmax: [ExpectationCompensation<Scalar>]
    var norm1: ExpectationCompensation<Scalar>
    var norm2: ExpectationCompensation<Scalar>
    var gelu: ExpectationCompensation<Scalar>
    var output = SiteTotal<Scalar>(.output)

    init(layer: Int, reference: ReferenceEncoder<Scalar>, calibration: LayerCalibration,
         configuration: PipelineConfiguration, mask: [Bool]?) throws {
        self.layer = layer
        self.reference = reference
        self.mask = mask
        let neurons: [EncoderSite: MultiThresholdNeuron<Scalar>] = try calibration.multiThresholdNeurons(
            layer: layer, configuration: configuration)
        sites = NeuronSites(layer: layer, neurons)
        let heads = reference.config.heads
        scores = Array(repeating: SpikeProduct(variant: .ecmt, transposeB: true), count: heads)
        weighted = Array(repeating: SpikeProduct(variant: .ecmt), count: heads)
        softmax = Array(repeating: ExpectationCompensation(.softmax, context: reference.context), count: heads)
        let n1 = reference.norm1[layer], n2 = reference.norm2[layer]
        norm1 = ExpectationCompensation(.layerNorm(gamma: n1.gamma, beta: n1.beta, epsilon: n1.epsilon), context: reference.context)
        norm2 = ExpectationCompensation(.layerNorm(gamma: n2.gamma, beta: n2.beta, epsilon: n2.epsilon), context: reference.context)
        gelu = ExpectationCompensation(.elementwise(reference.config.activation), context: reference.context)
    }

    mutating func normalise(_ x: Tensor<Scalar>, second: Bool) throws -> Tensor<Scalar> {
        second ? try norm2.step(x) : try norm1.step(x)
    }

    mutating func activate(_ z: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try gelu.step(z)
    }

    /// Per head: the compensated product of q and k spikes, scaled, then EC around the masked
    /// softmax; the heads side by side go through the softmax-output neuron (site 5).
    mutating func probabilities(
        q: Tensor<Scalar>, k: Tensor<Scalar>, tokens n: Int, cost: inout Int, observe: SiteObserver<Scalar>?
    ) throws -> Tensor<Scalar> {
        let d = reference.config.headSize, mask = self.mask, context = reference.context
        var probabilities = [Tensor<Scalar>]()
        for head in 0..<reference.config.heads {
            let qh = try q.columns(head * d, d), kh = try k.columns(head * d, d)
            cost += (qh.nonZeroCount + kh.nonZeroCount) * n
            let product = try scores[head].step(a: qh, b: kh).scaled(by: reference.scale)
            probabilities.append(try softmax[head].step(product) {
                try ReferenceEncoder<Scalar>.maskedSoftmax($0, mask, context)
            })
        }
        return try sites.fire(.attentionProbabilities, Tensor.concatenatingColumns(probabilities), observe).spikes
    }
}
