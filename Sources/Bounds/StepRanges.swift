import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import SpikingPipelines
import Tensors

/// Theorem B-STEP (proofs/bounds/B-STEP.md): boxes holding every value an ECMT encoder passes at
/// any step t ≥ 1, for every input in a domain of boxes (the input is presented at every step).
/// The mean-value analysis cannot give these: a spike train or a compensated output swings
/// around its mean. They decide which neurons may saturate, and give each site's B-MT bound.
///
/// Rules, each proved in B-STEP: a neuron's spikes lie in its per-step input box + M − M, M a
/// box holding its membrane at every step (SiteNeuronBound), and always in [−top⁻, top⁺]; a linear map, the
/// residual add and the layer scale act on boxes; an expectation-compensated f gives
/// o_t ∈ f(H) ± L·w(H), with H the box of its per-step inputs, w(H) its width (the row's
/// largest for LayerNorm and softmax) and L a Lipschitz constant over H; a compensated product
/// gives o_t ∈ H_A·H_B + [0, 1]·((H_A − H_A)·H_B + H_A·(H_B − H_B)).
public struct StepRanges: Sendable {
    /// layer → site → the per-step input box of each entry.
    public let inputs: [[EncoderSite: Tensor<Interval>]]
    /// layer → site → the neuron's bounds over the hull of those boxes.
    public let neurons: [[EncoderSite: SiteNeuronBound]]

    /// Runs the per-step analysis of an ECMT encoder with `calibration` over `domain`.
    public static func analyse(
        reference: ReferenceEncoder<Interval>, calibration: PipelineCalibration, domain: Tensor<Interval>, mask: [Bool]?
    ) throws -> StepRanges {
        guard calibration.configuration.kind == .ecmt else {
            throw BoundError.invalidParameter("the per-step analysis covers the ECMT pipeline only")
        }
        guard calibration.layers.count == reference.weights.blocks.count else {
            throw BoundError.invalidParameter(
                "calibration of \(calibration.layers.count) layers for an encoder of \(reference.weights.blocks.count)")
        }
        var inputs = [[EncoderSite: Tensor<Interval>]](), neurons = [[EncoderSite: SiteNeuronBound]]()
        var x = domain
        for layer in reference.weights.blocks.indices {
            var block = try StepBlock(
                reference: reference, layer: layer, calibration: calibration.layers[layer],
                configuration: calibration.configuration, mask: mask)
            x = try block.output(x)
            inputs.append(block.inputs)
            neurons.append(block.neurons)
        }
        return StepRanges(inputs: inputs, neurons: neurons)
    }

    /// Every saturation the analysis found, with its layer and site.
    public var findings: [BoundFinding] {
        neurons.enumerated().flatMap { layer, sites in
            EncoderSite.neuronSites.flatMap { site in
                (sites[site]?.findings ?? []).map {
                    BoundFinding($0.kind, layer: layer, site: site.rawValue, certified: $0.certifiedRange, levels: $0.levels,
                                 point: nil, message: $0.message)
                }
            }
        }
    }
}

/// One block of the per-step analysis (B-STEP), in the data flow of `SpikingBlock.step`.
struct StepBlock {
    let reference: ReferenceEncoder<Interval>
    let layer: Int
    let mask: [Bool]?
    let models: [EncoderSite: MultiThresholdNeuron<Rational>]
    var inputs = [EncoderSite: Tensor<Interval>]()
    var neurons = [EncoderSite: SiteNeuronBound]()

    init(
        reference: ReferenceEncoder<Interval>, layer: Int, calibration: LayerCalibration,
        configuration: PipelineConfiguration, mask: [Bool]?
    ) throws {
        self.reference = reference
        self.layer = layer
        self.mask = mask
        let models: [EncoderSite: MultiThresholdNeuron<Rational>] = try calibration.multiThresholdNeurons(
            layer: layer, configuration: configuration)
        self.models = models
    }

    var bits: Int { reference.context.bits }

    mutating func output(_ x: Tensor<Interval>) throws -> Tensor<Interval> {
        let w = reference.weights.blocks[layer]
        let post = reference.config.architecture == .bertPostLN
        let n1 = reference.norm1[layer], n2 = reference.norm2[layer]
        let attended = try attention(post ? x : try normalised(x, n1), w)
        let h: Tensor<Interval>
        if post {
            h = try normalised(x + attended, n1)
        } else {
            h = try x + (w.layerScale1.map { try attended.scalingRows(by: $0) } ?? attended)
        }
        let s7 = try fire(.fc1Input, post ? h : try normalised(h, n2))
        let s8 = try fire(.fc2Input, try activated(bounded(w.fc1(s7))))
        let f = try bounded(w.fc2(s8))
        if post { return try normalised(h + f, n2) }
        return try h + (w.layerScale2.map { try f.scalingRows(by: $0) } ?? f)
    }

    mutating func attention(_ x: Tensor<Interval>, _ w: BlockWeights<Interval>) throws -> Tensor<Interval> {
        let config = reference.config, d = config.headSize, n = x.shape[0]
        let s1 = try fire(.qkvInput, x)
        let q = try fire(.query, bounded(w.query(s1)))
        let k = try fire(.key, bounded(w.key(s1)))
        let v = try fire(.value, bounded(w.value(s1)))
        var probabilities = [Tensor<Interval>]()
        for head in 0..<config.heads {
            let scores = try product(q.columns(head * d, d), k.columns(head * d, d).transposed()).scaled(by: reference.scale)
            probabilities.append(try softmax(bounded(scores)))
        }
        let p = try fire(.attentionProbabilities, Tensor.concatenatingColumns(probabilities))
        var heads = [Tensor<Interval>]()
        for head in 0..<config.heads {
            heads.append(try product(p.columns(head * n, n), v.columns(head * d, d)))
        }
        let s6 = try fire(.projectionInput, Tensor.concatenatingColumns(heads))
        return try bounded(w.attentionOutput(s6))
    }

    /// Records the site's per-step input box and its neuron's bounds; returns the spike boxes.
    mutating func fire(_ site: EncoderSite, _ box: Tensor<Interval>) throws -> Tensor<Interval> {
        guard let model = models[site], let hull = Interval.hull(box.values) else {
            throw BoundError.invalidParameter("layer \(layer): no neuron or no entries at site \(site.rawValue)")
        }
        let neuron = try SiteNeuronBound(neuron: model, hull: hull)
        inputs[site] = box
        neurons[site] = neuron
        return try box.map { try neuron.spikes($0) }
    }

    /// B-STEP (c) for the compensated product: H_A·H_B + [0, 1]·((H_A − H_A)·H_B + H_A·(H_B − H_B)).
    func product(_ a: Tensor<Interval>, _ b: Tensor<Interval>) throws -> Tensor<Interval> {
        let unit = try Interval(.zero, .one)
        let spread = try bounded(a.map { $0 - $0 }.matmul(b)) + bounded(a.matmul(b.map { $0 - $0 }))
        return try bounded(a.matmul(b)) + spread.map { $0 * unit }
    }

    /// B-STEP (b) for LayerNorm: per row, LN(H) ± L_i·w with L_i = |γ_i|(2 + √n)/√(σ²_min(H) + ε)
    /// (B-EC) and w the row's largest width.
    func normalised(_ x: Tensor<Interval>, _ p: LayerNormParameters<Interval>) throws -> Tensor<Interval> {
        let n = x.rowLength
        return try x.mapRows { row in
            let values = try Interval.layerNorm(Array(row), p, reference.context)
            let width = Self.largestWidth(row)
            let variance = Enclosure.minimumVariance(Array(row))
            return try values.indices.map { i in
                let e = try CompensationBound.layerNorm(
                    gammaMagnitude: p.gamma[i].magnitude, width: n, minimumVariance: variance, epsilon: p.epsilon,
                    inputError: width)
                return try Self.widened(values[i], by: e, bits: bits)
            }
        }
    }

    /// B-STEP (b) for the masked softmax: per row, softmax(H) ± w/2 over the kept keys (B-EC's
    /// constant 1/2); masked keys stay exactly 0.
    func softmax(_ x: Tensor<Interval>) throws -> Tensor<Interval> {
        let values = try ReferenceEncoder<Interval>.maskedSoftmax(x, mask, reference.context)
        let n = x.rowLength
        var out = values.values
        for r in 0..<x.rowCount {
            let row = x.row(r)
            let kept = (0..<n).filter { mask?[$0] ?? true }
            let width = Self.largestWidth(kept.map { row[row.startIndex + $0] }[...])
            let e = try CompensationBound.softmax(inputError: width)
            for j in kept { out[r * n + j] = try Self.widened(out[r * n + j], by: e, bits: bits) }
        }
        return try Tensor(shape: x.shape, values: out)
    }

    /// B-STEP (b) for the activation, entry by entry: f(H) ± sup_H|f′|·w(H).
    func activated(_ z: Tensor<Interval>) throws -> Tensor<Interval> {
        let activation = reference.config.activation
        guard let f = ElementaryFunction(rawValue: activation.rawValue) else {
            throw BoundError.invalidParameter("no derivative enclosure for the activation \(activation.rawValue)")
        }
        return try z.map { h in
            let value = try h.applying(activation, reference.context)
            let slope = try f.encloseDerivative(h, bits: bits).magnitude
            return try Self.widened(value, by: slope * h.width, bits: bits)
        }
    }

    func bounded(_ x: Tensor<Interval>) -> Tensor<Interval> { reference.bounded(x) }

    static func largestWidth(_ row: ArraySlice<Interval>) -> Rational {
        row.reduce(Rational.zero) { Swift.max($0, $1.width) }
    }

    static func widened(_ x: Interval, by e: Rational, bits: Int) throws -> Interval {
        try Interval(x.lo - e, x.hi + e).outwardSimplified(bits: bits)
    }
}
