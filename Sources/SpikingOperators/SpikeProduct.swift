import ExactArithmetic
import Tensors

/// Products of two spike trains A_t (m×k) and B_t (k×n) for attention (spec §3).
public struct SpikeProduct<Scalar: SpikeScalar>: Sendable {
    public enum Variant: String, Sendable, CaseIterable {
        /// ECMT's compensated product: o_t = S^A_t S^B_t/t − S^A_{t−1}S^B_{t−1}/(t−1), from
        /// S^A_t S^B_t = S^A_{t−1}S^B_{t−1} + A_t S^B_t + S^A_{t−1} B_t. Identity SP-1.
        case ecmt
        /// STA's temporal-corrective product: Ψ(t) = S^A_t S^B_t/t², O_t = t·Ψ(t) − Σ_{i<t} O_i.
        /// Identity TC-1. The emitted total is kept as t·Ψ(t), its value by TC-1, rather than
        /// re-accumulated from the outputs: the same in exact arithmetic, and in interval
        /// arithmetic it keeps the widths from doubling at every step.
        case sta
        /// The naive per-step product A_t B_t (the baseline).
        case naive
    }

    public let variant: Variant
    /// Multiply A by the transpose of B (B_t given as n×k), as in attention scores.
    public let transposeB: Bool
    public private(set) var sumA: Tensor<Scalar>?
    public private(set) var sumB: Tensor<Scalar>?
    /// S^A_t S^B_t (ECMT), kept incrementally.
    public private(set) var productOfSums: Tensor<Scalar>?
    /// t·Ψ(t) for STA (equal to Σ_{i≤t} O_i in exact arithmetic, TC-1), Σ_{i≤t} o_i for the others.
    public private(set) var emitted: Tensor<Scalar>?
    public private(set) var steps = 0

    public init(variant: Variant, transposeB: Bool = false) {
        self.variant = variant
        self.transposeB = transposeB
    }

    public mutating func step(a: Tensor<Scalar>, b bGiven: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let b = transposeB ? try bGiven.transposed() : bGiven
        if let sumA, sumA.shape != a.shape {
            throw OperatorError.shapeMismatch("A at step \(steps + 1) has shape \(a.shape), the first had \(sumA.shape)")
        }
        if let sumB, sumB.shape != b.shape {
            throw OperatorError.shapeMismatch("B at step \(steps + 1) has shape \(b.shape), the first had \(sumB.shape)")
        }
        let t = steps + 1
        let newSumA = try sumA.map { try $0 + a } ?? a
        let newSumB = try sumB.map { try $0 + b } ?? b
        let output: Tensor<Scalar>
        switch variant {
        case .naive:
            output = try a.matmul(b)
            emitted = try emitted.map { try $0 + output } ?? output
        case .ecmt:
            // Q_t = Q_{t−1} + A_t S^B_t + S^A_{t−1} B_t, using only products with a step's input.
            let q: Tensor<Scalar>
            if let previous = productOfSums, let oldSumA = sumA {
                q = try previous + a.matmul(newSumB) + oldSumA.matmul(b)
                output = try q.divided(by: t) - previous.divided(by: t - 1)
            } else {
                q = try a.matmul(b)
                output = q
            }
            productOfSums = q
            emitted = try emitted.map { try $0 + output } ?? output
        case .sta:
            let psi = try newSumA.matmul(newSumB).divided(by: t * t)
            let steps = Scalar(Rational(t))
            let estimate = psi.map { $0 * steps }
            output = try emitted.map { try estimate - $0 } ?? estimate
            emitted = estimate
        }
        sumA = newSumA
        sumB = newSumB
        steps = t
        return output
    }
}
