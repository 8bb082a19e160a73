import ExactArithmetic
import Tensors

/// Integrate-and-fire neuron with reset by subtraction (spec §1.1). Identity N-1:
/// Σ s = S_T − V_T.
public struct IFNeuron<Scalar: SpikeScalar>: Sendable {
    public let threshold: Scalar
    /// Also emit −θ when V⁻ ≤ −θ.
    public let signed: Bool
    public private(set) var state: NeuronState<Scalar>

    public init(threshold: Rational, signed: Bool = false, initialMembrane: Rational = .zero) throws {
        guard threshold.sign > 0 else { throw OperatorError.invalidParameter("threshold \(threshold) must be > 0") }
        self.threshold = Scalar(threshold)
        self.signed = signed
        state = NeuronState(initialMembrane: Scalar(initialMembrane))
    }

    /// One step: integrate, fire θ if V⁻ ≥ θ (−θ if signed and V⁻ ≤ −θ), subtract the spike.
    public mutating func step(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let v = try state.integrate(input)
        let t = state.steps + 1
        var spikes = [Scalar]()
        spikes.reserveCapacity(v.count)
        var next = v.values
        for i in v.values.indices {
            var s = Scalar.zero
            if try decided(v.values[i].order(threshold), "IF neuron element \(i) at step \(t)") != .less {
                s = threshold
            } else if signed, try decided(v.values[i].order(-threshold), "IF neuron element \(i) at step \(t)") != .greater {
                s = -threshold
            }
            spikes.append(s)
            next[i] = v.values[i] - s
        }
        state.commit(try Tensor(shape: v.shape, values: next))
        return try Tensor(shape: v.shape, values: spikes)
    }
}
