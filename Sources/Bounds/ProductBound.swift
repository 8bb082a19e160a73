import ExactArithmetic
import Tensors

/// Bounds for products of two spike trains. Both the compensated product (SP-1) and the
/// temporal-corrective product (TC-1) have running mean S^A_tS^B_t/t² = Ā_tB̄_t at every t, so
/// their error against the product of the targets is the error of a product of perturbed
/// matrices. Theorem B-PROD.
public enum ProductBound {
    /// |Ā B̄ − A*B*| ≤ |A*|·e_B + e_A·|B*| + e_A·e_B entry by entry, when |Ā − A*| ≤ e_A and
    /// |B̄ − B*| ≤ e_B entry by entry (absolute values and products of matrices).
    public static func entrywise(
        a: Tensor<Rational>, b: Tensor<Rational>, errorA: Tensor<Rational>, errorB: Tensor<Rational>,
        mutation: BoundMutation? = nil
    ) throws -> Tensor<Rational> {
        guard a.shape == errorA.shape, b.shape == errorB.shape else {
            throw BoundError.invalidParameter("error bounds must have the shapes of A \(a.shape) and B \(b.shape)")
        }
        guard errorA.values.allSatisfy({ $0.sign >= 0 }), errorB.values.allSatisfy({ $0.sign >= 0 }) else {
            throw BoundError.invalidParameter("error bounds must be ≥ 0")
        }
        let absA = a.map { $0.magnitude }, absB = b.map { $0.magnitude }
        var bound = try absA.matmul(errorB) + errorA.matmul(absB)
        if mutation != .dropCrossTerm { bound = try bound + errorA.matmul(errorB) }
        return mutation == .halveConstant ? bound.map { $0.timesPowerOfTwo(-1) } : bound
    }

    /// The scalar form: k inner terms, |A*| ≤ α, |B*| ≤ β, input errors e_A and e_B:
    /// k·(α·e_B + e_A·β + e_A·e_B).
    public static func scalar(
        inner k: Int, a α: Rational, b β: Rational, errorA: Rational, errorB: Rational, mutation: BoundMutation? = nil
    ) throws -> Rational {
        guard k >= 1 else { throw BoundError.invalidParameter("inner dimension \(k) must be ≥ 1") }
        var bound = α * errorB + errorA * β
        if mutation != .dropCrossTerm { bound += errorA * errorB }
        if mutation == .halveConstant { bound = bound.timesPowerOfTwo(-1) }
        return Rational(k) * bound
    }

    /// The temporal-corrective product's step output O_t = t·Ψ(t) − (t−1)·Ψ(t−1) against the
    /// target P* = A*B*: |O_t − P*| ≤ t·E(t) + (t−1)·E(t−1), where E(s) bounds |Ψ(s) − P*|.
    /// With E(s) ~ c/s this stays ~2c: a single step's output does not converge, its running
    /// mean Ψ(t) does (the reason STA re-encodes the corrected output).
    public static func stepOutput(estimateError: (Int) throws -> Rational, at t: Int) throws -> Rational {
        guard t >= 1 else { throw BoundError.invalidParameter("t must be ≥ 1, got \(t)") }
        let now = Rational(t) * (try estimateError(t))
        return t == 1 ? now : now + Rational(t - 1) * (try estimateError(t - 1))
    }
}
