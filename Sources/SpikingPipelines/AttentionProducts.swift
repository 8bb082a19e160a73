import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// The two attention products of a converted block, per head, written once for every block.
enum AttentionProducts {
    /// STA: this step's temporal-corrective product of each head's q and k, and its estimate
    /// Ψ_QK(t) = (t·Ψ(t))/t scaled by 1/√d; the step's synaptic operations join `cost`.
    static func scoreEstimates<Scalar: SpikeScalar>(
        q: Tensor<Scalar>, k: Tensor<Scalar>, products: inout [SpikeProduct<Scalar>], config: EncoderConfig, scale: Scalar,
        cost: inout Int
    ) throws -> [Tensor<Scalar>] {
        let d = config.headSize, n = q.shape[0]
        var estimates = [Tensor<Scalar>]()
        for head in 0..<config.heads {
            let qh = try q.columns(head * d, d), kh = try k.columns(head * d, d)
            cost += (qh.nonZeroCount + kh.nonZeroCount) * n
            _ = try products[head].step(a: qh, b: kh)
            guard let emitted = products[head].emitted else { throw OperatorError.arithmetic("no product estimate") }
            estimates.append(emitted.divided(by: products[head].steps).scaled(by: scale))
        }
        return estimates
    }

    /// Each head's product of its probability spikes [tokens, tokens] with its v, side by side
    /// [tokens, hidden]; the step's synaptic operations join `cost`.
    static func weighted<Scalar: SpikeScalar>(
        p: Tensor<Scalar>, v: Tensor<Scalar>, products: inout [SpikeProduct<Scalar>], config: EncoderConfig, cost: inout Int
    ) throws -> Tensor<Scalar> {
        let d = config.headSize, n = p.shape[0]
        var heads = [Tensor<Scalar>]()
        for head in 0..<config.heads {
            let ph = try p.columns(head * n, n), vh = try v.columns(head * d, d)
            cost += ph.nonZeroCount * d + vh.nonZeroCount * n
            heads.append(try products[head].step(a: ph, b: vh))
        }
        return try Tensor.concatenatingColumns(heads)
    }
}
