import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// One encoder block converted by ECMT (spec §6): multi-threshold neurons at the eight sites,
/// expectation compensation around both LayerNorms, the softmax and the GELU, compensated
/// products for QKᵀ and attention·V. The residual stream stays analog.
///
/// The attention scale 1/√d multiplies the compensated product's output (a linear map, so the
/// mean is unchanged, MT-1 and SP-1 unaffected).
struct ECMTBlock<Scalar: SpikeScalar>: Sendable {
    let layer: Int
    let reference: ReferenceEncoder<Scalar>
    let mask: [Bool]?
    var neurons: [EncoderSite: MultiThresholdNeuron<Scalar>]
    var totals: [EncoderSite: SiteTotal<Scalar>]
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
        guard let rule = MultiThresholdNeuron<Scalar>.Rule(rawValue: configuration.rule.rawValue) else {
            throw OperatorError.invalidParameter("unknown multi-threshold rule \(configuration.rule.rawValue)")
        }
        var neurons = [EncoderSite: MultiThresholdNeuron<Scalar>]()
        for site in EncoderSite.neuronSites {
            guard let l = calibration.lambdas[site] else {
                throw OperatorError.invalidParameter("layer \(layer) has no calibrated λ for site \(site.rawValue)")
            }
            neurons[site] = try MultiThresholdNeuron(
                lambdaPositive: l.positive, lambdaNegative: l.negative, levels: configuration.levels, gap: configuration.gap,
                rule: rule)
        }
        self.neurons = neurons
        totals = Dictionary(uniqueKeysWithValues: EncoderSite.neuronSites.map { ($0, SiteTotal($0)) })
        let heads = reference.config.heads
        scores = Array(repeating: SpikeProduct(variant: .ecmt, transposeB: true), count: heads)
        weighted = Array(repeating: SpikeProduct(variant: .ecmt), count: heads)
        softmax = Array(repeating: ExpectationCompensation(.softmax, context: reference.context), count: heads)
        let n1 = reference.norm1[layer], n2 = reference.norm2[layer]
        norm1 = ExpectationCompensation(.layerNorm(gamma: n1.gamma, beta: n1.beta, epsilon: n1.epsilon), context: reference.context)
        norm2 = ExpectationCompensation(.layerNorm(gamma: n2.gamma, beta: n2.beta, epsilon: n2.epsilon), context: reference.context)
        gelu = ExpectationCompensation(.elementwise(reference.config.activation), context: reference.context)
    }

    /// A neuron site: fire, record, count.
    mutating func fire(_ site: EncoderSite, _ x: Tensor<Scalar>, _ observe: SiteObserver<Scalar>?) throws -> Tensor<Scalar> {
        guard var neuron = neurons[site], var total = totals[site] else {
            throw OperatorError.invalidParameter("no neuron at site \(site.rawValue)")
        }
        let spikes = try located(layer, site) { try neuron.step(x) }
        try total.record(spikes, membrane: neuron.state.membrane, layer: layer, observe: observe)
        neurons[site] = neuron
        totals[site] = total
        return spikes
    }

    /// One step: the block's input x_t → its output y_t. `cost` gains the step's synaptic
    /// operations (spikes × fan-out in the linear layers and the two products).
    mutating func step(_ x: Tensor<Scalar>, cost: inout Int, observe: SiteObserver<Scalar>?) throws -> Tensor<Scalar> {
        let w = reference.weights.blocks[layer]
        let config = reference.config
        let post = config.architecture == .bertPostLN
        let attentionInput = post ? x : try norm1.step(x)
        let attended = try attention(attentionInput, w, cost: &cost, observe: observe)
        let h: Tensor<Scalar>
        if post {
            h = try norm1.step(x + attended)
        } else {
            h = try x + (w.layerScale1.map { try attended.scalingRows(by: $0) } ?? attended)
        }
        let mlpInput = post ? h : try norm2.step(h)
        let s7 = try fire(.fc1Input, mlpInput, observe)
        cost += s7.nonZeroCount * w.fc1.outputs
        let g = try gelu.step(w.fc1(s7))
        let s8 = try fire(.fc2Input, g, observe)
        cost += s8.nonZeroCount * w.fc2.outputs
        let f = try w.fc2(s8)
        let y: Tensor<Scalar>
        if post {
            y = try norm2.step(h + f)
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
        var probabilities = [Tensor<Scalar>]()
        for head in 0..<config.heads {
            let qh = try q.columns(head * d, d), kh = try k.columns(head * d, d)
            cost += (qh.nonZeroCount + kh.nonZeroCount) * n
            let product = try scores[head].step(a: qh, b: kh).scaled(by: reference.scale)
            let mask = self.mask, context = reference.context
            probabilities.append(try softmax[head].step(product) {
                try ReferenceEncoder<Scalar>.maskedSoftmax($0, mask, context)
            })
        }
        let p = try fire(.attentionProbabilities, Tensor.concatenatingColumns(probabilities), observe)
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
