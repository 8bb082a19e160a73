import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// F̃ of B-INJ's STA corollary: the encoder's data flow (`SpikingBlock`) with STA's softmax and
/// LayerNorm compositions and the GELU group operator in ANN mode (B-COMP), in the arithmetic of
/// `functions`: over boxes for B-STA (`STACompositionBoxes`), at one input in balls for the
/// centres of B-CF-STA (`STAPointFunctions<Ball>`). Three hooks: `inject` at the eight neuron
/// sites (it sees the value before injection and returns what the downstream operators use, as
/// in `ReferenceEncoder.forward`), `widen` at each block's activation (it sees the activation's
/// input and returns a value added to every entry of the group operator's output: the spiking
/// group's quantisation, B-STA), and `observe`, which sees the scores, the LayerNorms' and the
/// activation's inputs and each block's output.
struct STAApproximation<Functions: STAFunctions> {
    typealias Scalar = Functions.Scalar
    let reference: ReferenceEncoder<Scalar>
    let functions: Functions

    typealias Injector = (Int, EncoderSite, Tensor<Scalar>) throws -> Tensor<Scalar>
    typealias Widening = (Int, Tensor<Scalar>) throws -> Scalar
    typealias Observer = (Int, EncoderSite, Tensor<Scalar>) throws -> Void

    /// Each block's output for the input x.
    func forward(
        _ x: Tensor<Scalar>, mask: [Bool]?, inject: Injector, widen: Widening, observe: Observer? = nil
    ) throws -> [Tensor<Scalar>] {
        var states = [Tensor<Scalar>](), h = x
        for layer in reference.weights.blocks.indices {
            h = try block(h, layer, mask: mask, inject: inject, widen: widen, observe: observe)
            try observe?(layer, .output, h)
            states.append(h)
        }
        return states
    }

    func block(
        _ x: Tensor<Scalar>, _ layer: Int, mask: [Bool]?, inject: Injector, widen: Widening, observe: Observer?
    ) throws -> Tensor<Scalar> {
        let w = reference.weights.blocks[layer]
        let post = reference.config.architecture == .bertPostLN
        let n1 = reference.norm1[layer], n2 = reference.norm2[layer]
        func site(_ place: EncoderSite, _ value: Tensor<Scalar>) throws -> Tensor<Scalar> { try inject(layer, place, value) }
        func seen(_ place: EncoderSite, _ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
            try observe?(layer, place, value)
            return value
        }
        let attended = try attention(post ? x : try normalised(seen(.norm1Input, x), n1), w, mask: mask, site: site) {
            try observe?(layer, .attentionScores, $0)
        }
        let h: Tensor<Scalar>
        if post {
            h = try normalised(seen(.norm1Input, x + attended), n1)
        } else {
            h = try x + (w.layerScale1.map { try attended.scalingRows(by: $0) } ?? attended)
        }
        let s7 = try site(.fc1Input, post ? h : try normalised(seen(.norm2Input, h), n2))
        let z = try seen(.geluInput, reference.bounded(try w.fc1(s7)))
        let e = try widen(layer, z)
        let g = try z.map { try functions.gelu($0) + e }
        let f = reference.bounded(try w.fc2(site(.fc2Input, g)))
        if post { return try normalised(seen(.norm2Input, h + f), n2) }
        return try h + (w.layerScale2.map { try f.scalingRows(by: $0) } ?? f)
    }

    func attention(
        _ x: Tensor<Scalar>, _ w: BlockWeights<Scalar>, mask: [Bool]?,
        site: (EncoderSite, Tensor<Scalar>) throws -> Tensor<Scalar>, scores seen: (Tensor<Scalar>) throws -> Void
    ) throws -> Tensor<Scalar> {
        let config = reference.config, d = config.headSize, n = x.shape[0]
        let keep = (0..<n).filter { mask?[$0] ?? true }
        let s1 = try site(.qkvInput, x)
        let q = try site(.query, reference.bounded(w.query(s1)))
        let k = try site(.key, reference.bounded(w.key(s1)))
        let v = try site(.value, reference.bounded(w.value(s1)))
        var scores = [Tensor<Scalar>]()
        for head in 0..<config.heads {
            scores.append(reference.bounded(
                try q.columns(head * d, d).matmul(k.columns(head * d, d).transposed()).scaled(by: reference.scale)))
        }
        try seen(try Tensor.concatenatingColumns(scores))
        let probabilities = try scores.map { try $0.mapRows { try functions.softmax($0, keep: keep) } }
        let p = try site(.attentionProbabilities, Tensor.concatenatingColumns(probabilities))
        var heads = [Tensor<Scalar>]()
        for head in 0..<config.heads {
            heads.append(reference.bounded(try p.columns(head * n, n).matmul(v.columns(head * d, d))))
        }
        let s6 = try site(.projectionInput, Tensor.concatenatingColumns(heads))
        return reference.bounded(try w.attentionOutput(s6))
    }

    func normalised(_ x: Tensor<Scalar>, _ p: LayerNormParameters<Scalar>) throws -> Tensor<Scalar> {
        try x.mapRows { try functions.layerNorm($0, p) }
    }
}
