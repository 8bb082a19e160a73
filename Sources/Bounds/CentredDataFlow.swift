import ExactArithmetic
import ReferenceTransformer
import Tensors

/// The data flow of one encoder block in centred forms, in the order of `ReferenceEncoder.block`
/// (B-CF): the linear maps (CF-LIN), the two attention products (CF-PROD), the residual adds and
/// the LayerScales, with the neuron sites (`fire`) and the row and element functions given by
/// the analysis that uses it. ECMT's `CentredBlock` gives the ANN's softmax, LayerNorm and GELU
/// rules; STA's `STACentredBlock` gives STA's compositions and its GELU group (B-CF-STA).
struct CentredDataFlow {
    let config: EncoderConfig
    let weights: BlockMagnitudes
    /// An upper bound on the scores' scale 1/√d.
    let scale: Double
    /// B-STEP (c): the products' single steps of a compensated product, not their means.
    let spread: Bool
    let centre: (EncoderSite) throws -> Centre
    /// A neuron site: its radii before the site, to those the downstream operators use.
    let fire: (EncoderSite, Tensor<Double>) throws -> Tensor<Double>
    /// One head's score radii [n, n] to its probabilities' radii.
    let softmax: (Int, Tensor<Double>) throws -> Tensor<Double>
    let norm1: (Tensor<Double>) throws -> Tensor<Double>
    let norm2: (Tensor<Double>) throws -> Tensor<Double>
    /// The activation's input radii (fc1's output) to its output's.
    let activation: (Tensor<Double>) throws -> Tensor<Double>

    func output(_ x: Tensor<Double>) throws -> Tensor<Double> {
        switch config.architecture {
        case .bertPostLN:
            let h = try norm1(try CentredRule.sum(x, try attention(x)))
            return try norm2(try CentredRule.sum(h, try mlp(h)))
        case .vitPreLN:
            let h = try CentredRule.sum(x, try scaled(try attention(try norm1(x)), weights.layerScale1))
            return try CentredRule.sum(h, try scaled(try mlp(try norm2(h)), weights.layerScale2))
        }
    }

    func attention(_ x: Tensor<Double>) throws -> Tensor<Double> {
        let s1 = try fire(.qkvInput, x)
        let q = try fire(.query, try CentredRule.linear(weights.query, s1))
        let k = try fire(.key, try CentredRule.linear(weights.key, s1))
        let v = try fire(.value, try CentredRule.linear(weights.value, s1))
        let d = config.headSize, n = x.shape[0]
        let cq = try centre(.query).magnitudes(), ck = try centre(.key).magnitudes(), cv = try centre(.value).magnitudes()
        var heads = [Tensor<Double>]()
        for head in 0..<config.heads {
            let product = try CentredRule.product(
                a: cq.columns(head * d, d), ra: q.columns(head * d, d), b: ck.columns(head * d, d).transposed(),
                rb: k.columns(head * d, d).transposed(), spread: spread)
            heads.append(try softmax(head, product.map { Upward.mul(scale, $0) }))
        }
        let p = try fire(.attentionProbabilities, Tensor.concatenatingColumns(heads))
        let cp = try centre(.attentionProbabilities).magnitudes()
        var mixed = [Tensor<Double>]()
        for head in 0..<config.heads {
            mixed.append(try CentredRule.product(
                a: cp.columns(head * n, n), ra: p.columns(head * n, n), b: cv.columns(head * d, d), rb: v.columns(head * d, d),
                spread: spread))
        }
        let s6 = try fire(.projectionInput, Tensor.concatenatingColumns(mixed))
        return try CentredRule.linear(weights.attentionOutput, s6)
    }

    func mlp(_ x: Tensor<Double>) throws -> Tensor<Double> {
        let z = try CentredRule.linear(weights.fc1, try fire(.fc1Input, x))
        return try CentredRule.linear(weights.fc2, try fire(.fc2Input, try activation(z)))
    }

    func scaled(_ x: Tensor<Double>, _ g: [Double]?) throws -> Tensor<Double> {
        guard let g else { return x }
        return try x.mapRows { row in zip(row, g).map { Upward.mul($0, $1) } }
    }
}
