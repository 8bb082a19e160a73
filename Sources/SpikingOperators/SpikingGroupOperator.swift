import ExactArithmetic
import Tensors

/// A group operator in spiking mode: the hidden unit i receives z_i(t) = W₁[i]·x_t + b₁[i] at every
/// step, an IF neuron with threshold θ_i turns it into spikes s_i(t) ∈ {0, θ_i}, and the output
/// is y_t = b₂ + Σ_i W₂[i]·s_i(t). The mean output over T steps approximates g(mean x).
///
/// Thresholds: by default θ_i = max(z_i(a), z_i(b), 0) over the input domain [a, b] (z_i is
/// linear, so that is its maximum), which is the smallest threshold at which unit i never
/// saturates on the domain (an IF neuron emits at most θ_i per step); a unit that is never
/// active on [a, b] gets θ_i = 1 and never fires. Explicit thresholds (e.g. from STA's MMSE
/// calibration) can be given instead.
public struct SpikingGroupOperator<Scalar: SpikeScalar>: Sendable {
    public let group: GroupOperator
    public let thresholds: [Rational]
    var neurons: [IFNeuron<Scalar>]
    let values: GroupOperatorValues<Scalar>

    public init(_ group: GroupOperator, thresholds: [Rational]) throws {
        guard thresholds.count == group.hiddenUnits else {
            throw OperatorError.shapeMismatch("\(thresholds.count) thresholds for \(group.hiddenUnits) hidden units")
        }
        self.group = group
        self.thresholds = thresholds
        neurons = try thresholds.map { try IFNeuron(threshold: $0) }
        values = GroupOperatorValues(group)
    }

    /// Thresholds θ_i = max(z_i(a), z_i(b), 0), or 1 for a unit never active on [a, b].
    public static func domainThresholds(_ group: GroupOperator, domain a: Rational, _ b: Rational) -> [Rational] {
        (0..<group.hiddenUnits).map { i in
            let top = Swift.max(group.w1[i] * a + group.b1[i], group.w1[i] * b + group.b1[i])
            return top.sign > 0 ? top : .one
        }
    }

    /// One step on a tensor of inputs (each element its own group of neurons).
    public mutating func step(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        var output = Tensor(shape: x.shape, repeating: values.b2)
        for i in 0..<group.hiddenUnits {
            let w1 = values.w1[i], b1 = values.b1[i], w2 = values.w2[i]
            let z = x.map { w1 * $0 + b1 }
            let s = try neurons[i].step(z)
            output = try output.zipWith(s) { $0 + $1 * w2 }
        }
        return output
    }

    /// The membranes of the hidden units' neurons.
    public var membranes: [Tensor<Scalar>?] { neurons.map(\.state.membrane) }
}
