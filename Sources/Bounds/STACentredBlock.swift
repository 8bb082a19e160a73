import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// One block of F̃ in centred forms (B-CF-STA), in the data flow of `STAApproximation.block`: it
/// maps radii about F̃'s values at the input to radii of the block's output. `site` sees each
/// neuron site's radii before injection and returns those the downstream operators use; `widen`
/// sees the GELU input's radii and returns, per entry, a half-width added to the group's output
/// (its spiking quantisation, B-STA (c)).
struct STACentredBlock {
    typealias Site = (EncoderSite, Centre, Tensor<Double>) throws -> Tensor<Double>
    typealias Widening = (Centre, Tensor<Double>) throws -> Tensor<Double>

    let config: EncoderConfig
    let trace: STACentredTrace.Layer
    let scale: Double
    let gamma1: [Double]
    let gamma2: [Double]
    let weights: BlockMagnitudes
    let slopes: STASlopes
    let shift: STASoftmaxShift
    let site: Site
    let widen: Widening

    func centre(_ s: EncoderSite) throws -> Centre {
        guard let c = trace.sites[s] else { throw BoundError.invalidParameter("no centre of F̃ at \(s.rawValue)") }
        return c
    }

    func fire(_ s: EncoderSite, _ r: Tensor<Double>) throws -> Tensor<Double> {
        let c = try centre(s)
        guard c.shape == r.shape else { throw BoundError.invalidParameter("\(s.rawValue): radii \(r.shape) for \(c.shape)") }
        try Self.check(r, s.rawValue)
        return try site(s, c, r)
    }

    /// Radii that are not finite end the analysis with an error that names where.
    static func check(_ r: Tensor<Double>, _ place: String) throws {
        guard r.values.allSatisfy(\.isFinite) else {
            throw BoundError.overflow("the centred STA analysis cannot bound F̃ at \(place): a radius is not finite")
        }
    }

    func output(_ x: Tensor<Double>) throws -> Tensor<Double> {
        switch config.architecture {
        case .bertPostLN:
            let h = try norm(try CentredRule.sum(x, try attention(x)), trace.norm1, gamma1)
            return try norm(try CentredRule.sum(h, try mlp(h)), trace.norm2, gamma2)
        case .vitPreLN:
            let h = try CentredRule.sum(x, try scaled(try attention(try norm(x, trace.norm1, gamma1)), weights.layerScale1))
            return try CentredRule.sum(h, try scaled(try mlp(try norm(h, trace.norm2, gamma2)), weights.layerScale2))
        }
    }

    func attention(_ x: Tensor<Double>) throws -> Tensor<Double> {
        let s1 = try fire(.qkvInput, x)
        let q = try fire(.query, try CentredRule.linear(weights.query, s1))
        let k = try fire(.key, try CentredRule.linear(weights.key, s1))
        let v = try fire(.value, try CentredRule.linear(weights.value, s1))
        let d = config.headSize, n = x.shape[0]
        let cq = try centre(.query).magnitudes(), ck = try centre(.key).magnitudes(), cv = try centre(.value).magnitudes()
        guard trace.softmax.count == config.heads, trace.softmax.allSatisfy({ $0.count == n }) else {
            throw BoundError.invalidParameter("the trace's softmax rows are not \(config.heads) heads of \(n)")
        }
        var heads = [Tensor<Double>]()
        for head in 0..<config.heads {
            let product = try CentredRule.product(
                a: cq.columns(head * d, d), ra: q.columns(head * d, d), b: ck.columns(head * d, d).transposed(),
                rb: k.columns(head * d, d).transposed(), spread: false)
            let scores = product.map { Upward.mul(scale, $0) }
            try Self.check(scores, "the scores")
            heads.append(try Tensor(shape: [n, n], values: (0..<n).flatMap { row in
                STACentredRule.softmax(
                    trace.softmax[head][row], scores.row(row), shift: shift, exp: slopes.exp, reciprocal: slopes.reciprocal)
            }))
        }
        let p = try fire(.attentionProbabilities, Tensor.concatenatingColumns(heads))
        let cp = try centre(.attentionProbabilities).magnitudes()
        var mixed = [Tensor<Double>]()
        for head in 0..<config.heads {
            mixed.append(try CentredRule.product(
                a: cp.columns(head * n, n), ra: p.columns(head * n, n), b: cv.columns(head * d, d), rb: v.columns(head * d, d),
                spread: false))
        }
        let s6 = try fire(.projectionInput, Tensor.concatenatingColumns(mixed))
        return try CentredRule.linear(weights.attentionOutput, s6)
    }

    func mlp(_ x: Tensor<Double>) throws -> Tensor<Double> {
        let z = try CentredRule.linear(weights.fc1, try fire(.fc1Input, x))
        try Self.check(z, "the GELU input")
        let c = try centre(.geluInput)
        guard c.shape == z.shape else { throw BoundError.invalidParameter("GELU radii \(z.shape) for \(c.shape)") }
        let quantisation = try widen(c, z)
        let g = try Tensor(shape: z.shape, values: (0..<z.count).map { e in
            Upward.add(slopes.gelu.deviation(lo: c.lo[e], hi: c.hi[e], radius: z.values[e]), quantisation.values[e])
        })
        return try CentredRule.linear(weights.fc2, try fire(.fc2Input, g))
    }

    func norm(_ x: Tensor<Double>, _ rows: [STANormCentre], _ gamma: [Double]) throws -> Tensor<Double> {
        guard rows.count == x.rowCount, gamma.count == x.rowLength else {
            throw BoundError.invalidParameter("LayerNorm radii \(x.shape) for \(rows.count) rows of \(gamma.count)")
        }
        try Self.check(x, "a LayerNorm input")
        return try Tensor(shape: x.shape, values: rows.indices.flatMap { row in
            STACentredRule.layerNorm(rows[row], x.row(row), gamma: gamma, rsqrt: slopes.rsqrt)
        })
    }

    func scaled(_ x: Tensor<Double>, _ g: [Double]?) throws -> Tensor<Double> {
        guard let g else { return x }
        return try x.mapRows { row in zip(row, g).map { Upward.mul($0, $1) } }
    }
}

/// The four group operators' slopes (CF-GROUP), built once per analysis.
struct STASlopes: Sendable {
    let gelu, exp, reciprocal, rsqrt: GroupSlope

    init(_ operators: STAOperators) {
        gelu = GroupSlope(operators.gelu)
        exp = GroupSlope(operators.exp)
        reciprocal = GroupSlope(operators.reciprocal)
        rsqrt = GroupSlope(operators.rsqrt)
    }
}
