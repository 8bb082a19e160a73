import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// STA's LayerNorm in spiking mode, as the released code converts it (SpikeLN, public
/// structure). Per step t, per row, with y_t = x_t − mean(x_t) and S^y_t = y_1 + … + y_t:
///
/// 1. the variance by a temporal-corrective product of y with itself: v_t is emitted so that
///    v_1 + … + v_t = t·mean((S^y_t/t)²) (TC-1);
/// 2. the 1/√x operator in spiking mode, its hidden units signed burst neurons (BurstGroupOperator):
///    r_t = b₂ + Σ_i W₂[i]·s_i(t), S^r_t = r_1 + … + r_t;
/// 3. a second temporal-corrective product: p_t is emitted so that p_1 + … + p_t = S^y_t ⊙ S^r_t / t.
///
/// p_t is what the LayerNorm's output encoder integrates; γ and β apply after it
/// (`LayerNormParameters.affine`).
/// No ε, as in STA's composition (spec §4).
struct SpikeLayerNorm<Scalar: SpikeScalar>: Sendable {
    let parameters: LayerNormParameters<Scalar>
    var rsqrt: BurstGroupOperator<Scalar>
    private(set) var ySum: Tensor<Scalar>?
    private(set) var inverseSum: Tensor<Scalar>?
    var variance = TemporalCorrection<Scalar>()
    var product = TemporalCorrection<Scalar>()
    private(set) var steps = 0

    init(_ parameters: LayerNormParameters<Scalar>, rsqrt: GroupOperator, thresholds: [Rational], burstLimit: Int, burstGuard: Rational?) throws {
        self.parameters = parameters
        self.rsqrt = try BurstGroupOperator(
            rsqrt, thresholds: thresholds.map { [$0] }, burstLimit: burstLimit, burstGuard: burstGuard, silentWhereZero: true)
    }

    /// One step on x_t [tokens, width]: the second product's output p_t (the encoder's input).
    mutating func step(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let t = steps + 1, n = x.rowLength, rows = x.rowCount
        guard n > 0 else { throw OperatorError.invalidParameter("an STA LayerNorm of an empty row") }
        let y = try x.mapRows { row in
            let mean = row.reduce(Scalar.zero, +).divided(by: n)
            return row.map { $0 - mean }
        }
        let s = try ySum.map { try $0 + y } ?? y
        ySum = s
        let t2 = t * t
        let varianceEstimate = try Tensor(shape: [rows, 1], values: (0..<rows).map { i in
            s.row(i).reduce(Scalar.zero) { $0 + $1 * $1 }.divided(by: n).divided(by: t2)
        })
        let r = try rsqrt.step(variance.emit(varianceEstimate))
        let inverse = try inverseSum.map { try $0 + r } ?? r
        inverseSum = inverse
        var estimate = s.values
        for i in 0..<rows {
            let scale = inverse.values[i]
            for j in 0..<n { estimate[i * n + j] = (estimate[i * n + j] * scale).divided(by: t2) }
        }
        steps = t
        return try product.emit(Tensor(shape: x.shape, values: estimate))
    }
}

extension LayerNormParameters {
    /// γ ⊙ x + β on every row: the affine part of a LayerNorm, applied to its normalised value
    /// (the public STA structure applies it after the output encoder, in both modes).
    func affine(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try x.scalingRows(by: Tensor(vector: gammaValues)).addingRowVector(Tensor(vector: betaValues))
    }
}
