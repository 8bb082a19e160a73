import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// One encoder block converted with the released STA code's structure (STAStructure.public;
/// docs/sta-structures.md has its table of sites):
///
/// - no neurons at q, k, v: they are the projections of the block's (encoded) input;
/// - each LayerNorm is SpikeLayerNorm, whose output (before γ, β) goes through a signed encoder
///   (a pair with a threshold per channel and sign) at norm1Output / norm2Output;
/// - attention: Ψ_QK(t) from the temporal-corrective product, the STA softmax with the public
///   rules, the probability neuron (ProbabilityBurstNeuron) fed t·p(t) − its emitted total,
///   the temporal-corrective product of its spikes with v, and a signed encoder at the
///   attention output (projectionInput) before the output projection;
/// - MLP: fc1, the GELU operator with signed burst hidden units (BurstGroupOperator), fc2; no
///   neuron at the fc2 input.
///
/// BERT post-LN: h = N₁(x + Attn(x)), y = N₂(h + MLP(h)); ViT pre-LN: h = x + γ₁·Attn(N₁(x)),
/// y = h + γ₂·MLP(N₂(h)), with Nᵢ the encoded SpikeLayerNorm. The residual stream stays analog.
struct PublicSTABlock<Scalar: SpikeScalar>: Sendable {
    let layer: Int
    let reference: ReferenceEncoder<Scalar>
    let mask: [Bool]?
    let compositions: STACompositions<Scalar>
    var encoders: NeuronSites<SignedBurstPair<Scalar>>
    var probabilitySite: NeuronSites<ProbabilityBurstNeuron<Scalar>>
    var scores: [SpikeProduct<Scalar>]
    var weighted: [SpikeProduct<Scalar>]
    var norm1: SpikeLayerNorm<Scalar>
    var norm2: SpikeLayerNorm<Scalar>
    var gelu: BurstGroupOperator<Scalar>
    var output = SiteTotal<Scalar>(.output)

    init(layer: Int, reference: ReferenceEncoder<Scalar>, calibration: LayerCalibration, operators: STAOperators,
         configuration: PipelineConfiguration, mask: [Bool]?) throws {
        guard let thresholds = calibration.publicSTA else {
            throw OperatorError.invalidParameter("layer \(layer) has no calibration for the public STA structure")
        }
        self.layer = layer
        self.reference = reference
        self.mask = mask
        compositions = STACompositions(operators, softmaxShift: configuration.softmaxShift, structure: .public)
        let limit = configuration.burstLimit, guardValue = configuration.burstRule.guardValue
        var pairs = [EncoderSite: SignedBurstPair<Scalar>]()
        for site in [EncoderSite.norm1Output, .norm2Output, .projectionInput] {
            guard let t = thresholds.encoders[site] else {
                throw OperatorError.invalidParameter("layer \(layer) has no calibrated thresholds for the encoder at \(site.rawValue)")
            }
            pairs[site] = try located(layer, site) {
                try SignedBurstPair(
                    positive: t.positive, negative: t.negative, burstLimit: limit, burstGuard: guardValue, silentWhereZero: true)
            }
        }
        encoders = NeuronSites(layer: layer, pairs)
        probabilitySite = NeuronSites(layer: layer, [
            .attentionProbabilities: ProbabilityBurstNeuron(
                thresholds: thresholds, heads: reference.config.heads, burstLimit: limit, burstGuard: guardValue),
        ])
        let heads = reference.config.heads
        scores = Array(repeating: SpikeProduct(variant: .sta, transposeB: true), count: heads)
        weighted = Array(repeating: SpikeProduct(variant: .sta), count: heads)
        func norm(_ parameters: LayerNormParameters<Scalar>, _ site: EncoderSite) throws -> SpikeLayerNorm<Scalar> {
            guard let units = thresholds.rsqrtUnits[site] else {
                throw OperatorError.invalidParameter("layer \(layer) has no calibrated 1/√x thresholds for \(site.rawValue)")
            }
            return try located(layer, site) {
                try SpikeLayerNorm(parameters, rsqrt: operators.rsqrt, thresholds: units, burstLimit: limit, burstGuard: guardValue)
            }
        }
        norm1 = try norm(reference.norm1[layer], .norm1Output)
        norm2 = try norm(reference.norm2[layer], .norm2Output)
        gelu = try located(layer, .geluInput) {
            try BurstGroupOperator(
                operators.gelu, thresholds: thresholds.geluUnits, burstLimit: limit, burstGuard: guardValue, silentWhereZero: true)
        }
    }

    /// One step: the block's input x_t → its output y_t; `cost` gains the step's synaptic operations.
    mutating func step(_ x: Tensor<Scalar>, cost: inout Int, observe: SiteObserver<Scalar>?) throws -> Tensor<Scalar> {
        let w = reference.weights.blocks[layer]
        let post = reference.config.architecture == .bertPostLN
        let qkv = w.query.outputs + w.key.outputs + w.value.outputs
        let y: Tensor<Scalar>
        if post {
            // Layer 0's input is the analog embedding; later layers' is the previous LayerNorm's
            // encoded output, whose spikes that LayerNorm counted.
            if layer == 0 { cost += x.nonZeroCount * qkv }
            let attended = try attention(x, w, cost: &cost, observe: observe)
            let h = try normalise(x + attended, second: false, fanOut: w.fc1.outputs, cost: &cost, observe: observe)
            let f = try mlp(h, w, cost: &cost)
            let last = layer == reference.config.layers - 1
            y = try normalise(h + f, second: true, fanOut: last ? 0 : qkv, cost: &cost, observe: observe)
        } else {
            var attended = try attention(
                normalise(x, second: false, fanOut: qkv, cost: &cost, observe: observe), w, cost: &cost, observe: observe)
            if let g = w.layerScale1 { attended = try attended.scalingRows(by: g) }
            let h = try x + attended
            var f = try mlp(normalise(h, second: true, fanOut: w.fc1.outputs, cost: &cost, observe: observe), w, cost: &cost)
            if let g = w.layerScale2 { f = try f.scalingRows(by: g) }
            y = try h + f
        }
        try output.record(y, membrane: nil, layer: layer, observe: observe)
        return y
    }

    /// SpikeLayerNorm, its encoder, then γ and β; the encoder's spikes × `fanOut` join `cost`.
    mutating func normalise(
        _ x: Tensor<Scalar>, second: Bool, fanOut: Int, cost: inout Int, observe: SiteObserver<Scalar>?
    ) throws -> Tensor<Scalar> {
        let site: EncoderSite = second ? .norm2Output : .norm1Output
        let layer = self.layer
        let p = try located(layer, site) { second ? try norm2.step(x) : try norm1.step(x) }
        let (spikes, count) = try encoders.fire(site, p, observe)
        cost += count * fanOut
        return try (second ? norm2 : norm1).parameters.affine(spikes)
    }

    mutating func attention(
        _ x: Tensor<Scalar>, _ w: BlockWeights<Scalar>, cost: inout Int, observe: SiteObserver<Scalar>?
    ) throws -> Tensor<Scalar> {
        let config = reference.config, n = x.shape[0]
        let q = try w.query(x), k = try w.key(x), v = try w.value(x)
        let keep = (0..<n).filter { mask?[$0] ?? true }
        let estimates = try AttentionProducts.scoreEstimates(
            q: q, k: k, products: &scores, config: config, scale: reference.scale, cost: &cost)
        let probabilities = try compositions.softmax(heads: estimates, keep: keep)
        let p = try probabilitySite.fire(.attentionProbabilities, probabilities, observe).spikes
        let heads = try AttentionProducts.weighted(p: p, v: v, products: &weighted, config: config, cost: &cost)
        let (encoded, count) = try encoders.fire(.projectionInput, heads, observe)
        cost += count * w.attentionOutput.outputs
        return try w.attentionOutput(encoded)
    }

    /// fc2(GELU operator(fc1(x))): no neuron at the fc2 input, so its non-zero entries × fc2's
    /// outputs join `cost` (the group operator's own units are not counted, as in the spikebound
    /// structure's GELU).
    mutating func mlp(_ x: Tensor<Scalar>, _ w: BlockWeights<Scalar>, cost: inout Int) throws -> Tensor<Scalar> {
        let layer = self.layer
        let g = try located(layer, .fc2Input) { try gelu.step(w.fc1(x)) }
        cost += g.nonZeroCount * w.fc2.outputs
        return try w.fc2(g)
    }
}
