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
struct STABlock<Scalar: SpikeScalar>: Sendable {
    let layer: Int
    let reference: ReferenceEncoder<Scalar>
    let mask: [Bool]?
    let compositions: STACompositions<Scalar>
    var neurons: [EncoderSite: SignedBurstPair<Scalar>]
    var probabilityNeurons: IFNeuron<Scalar>
    var totals: [EncoderSite: SiteTotal<Scalar>]
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
            neurons[site] = try SignedBurstPair(thresholds: thresholds, burstLimit: configuration.burstLimit)
        }
        self.neurons = neurons
        guard let p = calibration.thresholds[.attentionProbabilities]?.first else {
            throw OperatorError.invalidParameter("layer \(layer) has no calibrated threshold for the attention probabilities")
        }
        probabilityNeurons = try IFNeuron(threshold: p)
        totals = Dictionary(uniqueKeysWithValues: EncoderSite.neuronSites.map { ($0, SiteTotal($0)) })
        let heads = reference.config.heads
        scores = Array(repeating: SpikeProduct(variant: .sta, transposeB: true), count: heads)
        weighted = Array(repeating: SpikeProduct(variant: .sta), count: heads)
        norm1 = ExpectationCompensation(.elementwise(.identity), context: reference.context)
        norm2 = ExpectationCompensation(.elementwise(.identity), context: reference.context)
        gelu = try SpikingGroupOperator(operators.gelu, thresholds: calibration.geluThresholds)
    }

    mutating func fire(_ site: EncoderSite, _ x: Tensor<Scalar>, _ observe: SiteObserver<Scalar>?) throws -> Tensor<Scalar> {
        guard var neuron = neurons[site], var total = totals[site] else {
            throw OperatorError.invalidParameter("no neuron at site \(site.rawValue)")
        }
        let spikes = try located(layer, site) { try neuron.step(x) }
        try total.record(spikes, membrane: neuron.residual, layer: layer, observe: observe)
        neurons[site] = neuron
        totals[site] = total
        return spikes
    }

    mutating func step(_ x: Tensor<Scalar>, cost: inout Int, observe: SiteObserver<Scalar>?) throws -> Tensor<Scalar> {
        let w = reference.weights.blocks[layer]
        let post = reference.config.architecture == .bertPostLN
        let n1 = reference.norm1[layer], n2 = reference.norm2[layer]
        let compositions = self.compositions
        let ln1: (Tensor<Scalar>) throws -> Tensor<Scalar> = { try $0.mapRows { try compositions.layerNorm($0, n1) } }
        let ln2: (Tensor<Scalar>) throws -> Tensor<Scalar> = { try $0.mapRows { try compositions.layerNorm($0, n2) } }
        let attentionInput = post ? x : try norm1.step(x, applying: ln1)
        let attended = try attention(attentionInput, w, cost: &cost, observe: observe)
        let h: Tensor<Scalar>
        if post {
            h = try norm1.step(x + attended, applying: ln1)
        } else {
            h = try x + (w.layerScale1.map { try attended.scalingRows(by: $0) } ?? attended)
        }
        let mlpInput = post ? h : try norm2.step(h, applying: ln2)
        let s7 = try fire(.fc1Input, mlpInput, observe)
        cost += s7.nonZeroCount * w.fc1.outputs
        let g = try gelu.step(w.fc1(s7))
        let s8 = try fire(.fc2Input, g, observe)
        cost += s8.nonZeroCount * w.fc2.outputs
        let f = try w.fc2(s8)
        let y: Tensor<Scalar>
        if post {
            y = try norm2.step(h + f, applying: ln2)
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
        let s1 = try fire(.qkvInput, x, observe)
        cost += s1.nonZeroCount * (w.query.outputs + w.key.outputs + w.value.outputs)
        let q = try fire(.query, w.query(s1), observe)
        let k = try fire(.key, w.key(s1), observe)
        let v = try fire(.value, w.value(s1), observe)
        let d = config.headSize, n = x.shape[0]
        let keep = (0..<n).filter { mask?[$0] ?? true }
        var estimates = [Tensor<Scalar>]()
        for head in 0..<config.heads {
            let qh = try q.columns(head * d, d), kh = try k.columns(head * d, d)
            cost += (qh.nonZeroCount + kh.nonZeroCount) * n
            _ = try scores[head].step(a: qh, b: kh)
            // Ψ_QK(t) = (t·Ψ(t)) / t, scaled by 1/√d.
            guard let emitted = scores[head].emitted else { throw OperatorError.arithmetic("no product estimate") }
            estimates.append(emitted.divided(by: scores[head].steps).scaled(by: reference.scale))
        }
        let estimate = try Tensor.concatenatingColumns(estimates)
        let compositions = self.compositions
        let probabilities = try Tensor.concatenatingColumns((0..<config.heads).map { head in
            try estimate.columns(head * n, n).mapRows { try compositions.softmax($0, keep: keep) }
        })
        let corrected = try softmax.emit(probabilities)
        let p = try probabilityNeurons.step(corrected)
        if var total = totals[.attentionProbabilities] {
            try total.record(p, membrane: probabilityNeurons.state.membrane, layer: layer, observe: observe)
            totals[.attentionProbabilities] = total
        }
        var heads = [Tensor<Scalar>]()
        for head in 0..<config.heads {
            let ph = try p.columns(head * n, n), vh = try v.columns(head * d, d)
            cost += ph.nonZeroCount * d + vh.nonZeroCount * n
            heads.append(try weighted[head].step(a: ph, b: vh))
        }
        let s6 = try fire(.projectionInput, Tensor.concatenatingColumns(heads), observe)
        cost += s6.nonZeroCount * w.attentionOutput.outputs
        return try w.attentionOutput(s6)
    }
}
