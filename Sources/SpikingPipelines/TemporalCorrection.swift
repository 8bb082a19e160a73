import ExactArithmetic
import Tensors

/// Emits o_t = t·f_t − (t−1)·f_{t−1} for a sequence of estimates f_t, so that the emitted total
/// after t steps is exactly t·f_t: the correction of TC-1 and EC-1, applied to an estimate that
/// is computed directly (STA's softmax of Ψ_QK(t)) rather than from a running mean.
struct TemporalCorrection<Scalar: SpikeScalar>: Sendable {
    private(set) var last: Tensor<Scalar>?
    private(set) var steps = 0

    mutating func emit(_ estimate: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let t = steps + 1
        let output: Tensor<Scalar>
        if let last {
            output = try estimate.scaled(by: Scalar(Rational(t))) - last.scaled(by: Scalar(Rational(t - 1)))
        } else {
            output = estimate
        }
        last = estimate
        steps = t
        return output
    }
}
