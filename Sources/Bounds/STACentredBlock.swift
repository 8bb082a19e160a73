import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// One block of F̃ in centred forms (B-CF-STA), in the data flow of `STAApproximation.block`
/// (`CentredDataFlow`, with STA's compositions and GELU group): it
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
        let flow = CentredDataFlow(
            config: config, weights: weights, scale: scale, spread: false, centre: centre, fire: fire,
            softmax: { head, scores in
                let n = scores.shape[0]
                guard head < trace.softmax.count, trace.softmax[head].count == n else {
                    throw BoundError.invalidParameter("the trace has no softmax rows of head \(head) for \(n) tokens")
                }
                try Self.check(scores, "the scores")
                return try Tensor(shape: [n, n], values: (0..<n).flatMap { row in
                    STACentredRule.softmax(
                        trace.softmax[head][row], scores.row(row), shift: shift, exp: slopes.exp, reciprocal: slopes.reciprocal)
                })
            },
            norm1: { try norm($0, trace.norm1, gamma1) }, norm2: { try norm($0, trace.norm2, gamma2) },
            activation: gelu)
        return try flow.output(x)
    }

    /// The GELU group's radii: CF-GROUP over the input's reach, plus each entry's quantisation.
    func gelu(_ z: Tensor<Double>) throws -> Tensor<Double> {
        try Self.check(z, "the GELU input")
        let c = try centre(.geluInput)
        guard c.shape == z.shape else { throw BoundError.invalidParameter("GELU radii \(z.shape) for \(c.shape)") }
        let quantisation = try widen(c, z)
        return try Tensor(shape: z.shape, values: (0..<z.count).map { e in
            Upward.add(slopes.gelu.deviation(lo: c.lo[e], hi: c.hi[e], radius: z.values[e]), quantisation.values[e])
        })
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
