import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// F̃ of B-INJ's STA corollary in interval arithmetic: the encoder's data flow (`SpikingBlock`)
/// with STA's softmax and LayerNorm compositions and the GELU group operator in ANN mode
/// (B-COMP), over boxes. Two hooks: `inject` at the eight neuron sites (it sees the value before
/// injection and returns what the downstream operators use, as in `ReferenceEncoder.forward`),
/// and `widen` at each block's activation (it sees the activation's input box and returns a
/// half-width added to every entry of the group operator's output: the spiking group's
/// quantisation, B-STA).
struct STAApproximation {
    let reference: ReferenceEncoder<Interval>
    let compositions: STACompositionBoxes
    let gelu: GroupOperatorBox

    typealias Injector = (Int, EncoderSite, Tensor<Interval>) throws -> Tensor<Interval>
    typealias Widening = (Int, Tensor<Interval>) throws -> Rational

    init(reference: ReferenceEncoder<Interval>, operators: STAOperators, shift: STASoftmaxShift) throws {
        self.reference = reference
        let bits = reference.context.bits
        compositions = try STACompositionBoxes(operators, shift: shift, bits: bits)
        gelu = try GroupOperatorBox(operators.gelu, bits: bits)
    }

    /// Each block's output box for the input box x.
    func forward(_ x: Tensor<Interval>, mask: [Bool]?, inject: Injector, widen: Widening) throws -> [Tensor<Interval>] {
        var states = [Tensor<Interval>](), h = x
        for layer in reference.weights.blocks.indices {
            h = try block(h, layer, mask: mask, inject: inject, widen: widen)
            states.append(h)
        }
        return states
    }

    func block(_ x: Tensor<Interval>, _ layer: Int, mask: [Bool]?, inject: Injector, widen: Widening) throws -> Tensor<Interval> {
        let w = reference.weights.blocks[layer]
        let post = reference.config.architecture == .bertPostLN
        let n1 = reference.norm1[layer], n2 = reference.norm2[layer]
        func site(_ place: EncoderSite, _ value: Tensor<Interval>) throws -> Tensor<Interval> { try inject(layer, place, value) }
        let attended = try attention(post ? x : try normalised(x, n1), w, mask: mask, site: site)
        let h: Tensor<Interval>
        if post {
            h = try normalised(x + attended, n1)
        } else {
            h = try x + (w.layerScale1.map { try attended.scalingRows(by: $0) } ?? attended)
        }
        let s7 = try site(.fc1Input, post ? h : try normalised(h, n2))
        let z = reference.bounded(try w.fc1(s7))
        let e = try widen(layer, z)
        let box = try APrioriBound.injectionBox(radius: e)
        let g = try z.map { try gelu($0) + box }
        let f = reference.bounded(try w.fc2(site(.fc2Input, g)))
        if post { return try normalised(h + f, n2) }
        return try h + (w.layerScale2.map { try f.scalingRows(by: $0) } ?? f)
    }

    func attention(
        _ x: Tensor<Interval>, _ w: BlockWeights<Interval>, mask: [Bool]?,
        site: (EncoderSite, Tensor<Interval>) throws -> Tensor<Interval>
    ) throws -> Tensor<Interval> {
        let config = reference.config, d = config.headSize, n = x.shape[0]
        let keep = (0..<n).filter { mask?[$0] ?? true }
        let s1 = try site(.qkvInput, x)
        let q = try site(.query, reference.bounded(w.query(s1)))
        let k = try site(.key, reference.bounded(w.key(s1)))
        let v = try site(.value, reference.bounded(w.value(s1)))
        var probabilities = [Tensor<Interval>]()
        for head in 0..<config.heads {
            let scores = reference.bounded(
                try q.columns(head * d, d).matmul(k.columns(head * d, d).transposed()).scaled(by: reference.scale))
            probabilities.append(try scores.mapRows { try compositions.softmax($0, keep: keep) })
        }
        let p = try site(.attentionProbabilities, Tensor.concatenatingColumns(probabilities))
        var heads = [Tensor<Interval>]()
        for head in 0..<config.heads {
            heads.append(reference.bounded(try p.columns(head * n, n).matmul(v.columns(head * d, d))))
        }
        let s6 = try site(.projectionInput, Tensor.concatenatingColumns(heads))
        return reference.bounded(try w.attentionOutput(s6))
    }

    func normalised(_ x: Tensor<Interval>, _ p: LayerNormParameters<Interval>) throws -> Tensor<Interval> {
        try x.mapRows { try compositions.layerNorm($0, p) }
    }
}
