import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// One encoder block converted by STA: signed burst neurons (per-channel thresholds, in pairs
/// for the two signs, SignedBurstPair) at the seven signed sites, temporal-corrective products, and group operators.
///
/// - Attention: Ψ_QK(t) = S^Q_t S^Kᵀ_t / t² from the temporal-corrective product; the STA
///   softmax composition (exp and 1/x operators) is applied to 1/√d·Ψ_QK(t); its corrected
///   output t·p(t) − (what was emitted for it) is what positive IF neurons at the probability
///   site integrate, so their input at step t is t·p(t) − (t−1)·p(t−1); attention·V is the
///   temporal-corrective product of the spikes those neurons actually emit with V's spikes.
/// - LayerNorm: the STA composition (mean subtraction, σ² = mean(y²), the 1/√x operator, no ε)
///   applied to the running mean of its input, with the same temporal correction, so that the
///   emitted total is t·LN_STA(m_t) (EC-1, TC-1).
/// - GELU: the group operator in spiking mode (IF hidden units) on the fc1 output stream.
///
/// The residual stream stays analog (SpikingBlock).
struct STABlock<Scalar: SpikeScalar>: SpikingBlock {
    let layer: Int
    let reference: ReferenceEncoder<Scalar>
    let mask: [Bool]?
    let compositions: STACompositions<Scalar>
    var sites: NeuronSites<SignedBurstPair<Scalar>>
    var probabilitySite: NeuronSites<IFNeuron<Scalar>>
    var scores: [SpikeProduct<Scalar>]
    var weighted: [SpikeProduct<Scalar>]
    var softmax = TemporalCorrection<Scalar>()
    var norm1: ExpectationCompensation<Scalar>
    var norm2: ExpectationCompensation<Scalar>
    var gelu: SpikingGroupOperator<Scalar>
    var output = SiteTotal<Scalar>(.output)

    init(layer: Int, reference: ReferenceEncoder<Scalar>, calibration: LayerCalibration, operators: STAOperators,
         configuration: PipelineConfiguration, mask: [Bool]?) throws {
        self.layer = layer
        self.reference = reference
        self.mask = mask
        compositions = STACompositions(operators, softmaxShift: configuration.softmaxShift)
        var neurons = [EncoderSite: SignedBurstPair<Scalar>]()
        for site in EncoderSite.neuronSites where site != .attentionProbabilities {
            guard let thresholds = calibration.thresholds[site] else {
                throw OperatorError.invalidParameter("layer \(layer) has no calibrated thresholds for site \(site.rawValue)")
            }
            neurons[site] = try SignedBurstPair(
                thresholds: thresholds, burstLimit: configuration.burstLimit, burstGuard: configuration.burstRule.guardValue)
        }
        sites = NeuronSites(layer: layer, neurons)
        guard let p = calibration.thresholds[.attentionProbabilities]?.first else {
            throw OperatorError.invalidParameter("layer \(layer) has no calibrated threshold for the attention probabilities")
        }
        probabilitySite = NeuronSites(layer: layer, [.attentionProbabilities: try IFNeuron(threshold: p)])
        let heads = reference.config.heads
        scores = Array(repeating: SpikeProduct(variant: .sta, transposeB: true), count: heads)
        weighted = Array(repeating: SpikeProduct(variant: .sta), count: heads)
        norm1 = ExpectationCompensation(.elementwise(.identity), context: reference.context)
        norm2 = ExpectationCompensation(.elementwise(.identity), context: reference.context)
        gelu = try SpikingGroupOperator(operators.gelu, thresholds: calibration.geluThresholds)
    }

    /// STA's LayerNorm composition of the running mean, with EC's temporal correction (the
    /// compensated function is given per step; `.identity` in init is only a placeholder).
    mutating func normalise(_ x: Tensor<Scalar>, second: Bool) throws -> Tensor<Scalar> {
        let compositions = self.compositions
        let parameters = second ? reference.norm2[layer] : reference.norm1[layer]
        let f: (Tensor<Scalar>) throws -> Tensor<Scalar> = { try $0.mapRows { try compositions.layerNorm($0, parameters) } }
        return second ? try norm2.step(x, applying: f) : try norm1.step(x, applying: f)
    }

    mutating func activate(_ z: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try gelu.step(z)
    }

    /// Per head: Ψ_QK(t) from the temporal-corrective product, scaled; the STA softmax
    /// composition of it, corrected (TC-EST) and re-encoded by positive IF neurons.
    mutating func probabilities(
        q: Tensor<Scalar>, k: Tensor<Scalar>, tokens n: Int, cost: inout Int, observe: SiteObserver<Scalar>?
    ) throws -> Tensor<Scalar> {
        let keep = (0..<n).filter { mask?[$0] ?? true }
        let estimates = try AttentionProducts.scoreEstimates(
            q: q, k: k, products: &scores, config: reference.config, scale: reference.scale, cost: &cost)
        let probabilities = try compositions.softmax(heads: estimates, keep: keep)
        return try probabilitySite.fire(.attentionProbabilities, softmax.emit(probabilities), observe).spikes
    }
}
