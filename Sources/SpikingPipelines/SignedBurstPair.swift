import ExactArithmetic
import SpikingOperators
import Tensors

/// A signed activation encoded by two STA neurons: one integrates x_t, the other −x_t, and the
/// output is the first's spikes minus the second's. STA's neuron (spec §1.3) emits negative
/// spikes only to take back what it emitted (its total M never goes negative), so one neuron
/// encodes a non-negative mean; the pair encodes either sign. By N-1 for each neuron the
/// pair's emitted total is (S_t − V⁺_t) − (−S_t − V⁻_t).
struct SignedBurstPair<Scalar: SpikeScalar>: Sendable {
    var positive: SignedBurstNeuron<Scalar>
    var negative: SignedBurstNeuron<Scalar>
    /// S_t, kept so that observers see the residual S_t − (emitted total).
    private(set) var inputSum: Tensor<Scalar>?
    private(set) var emitted: Tensor<Scalar>?

    /// Both neurons with the same thresholds (the spikebound structure: calibrated on |a|).
    init(thresholds: [Rational], burstLimit: Int, burstGuard: Rational? = nil) throws {
        try self.init(positive: thresholds, negative: thresholds, burstLimit: burstLimit, burstGuard: burstGuard, silentWhereZero: false)
    }

    /// A threshold per sign (the public structure's encoder, calibrated on relu(a) and relu(−a),
    /// where a threshold of 0 is a silent neuron).
    init(positive: [Rational], negative: [Rational], burstLimit: Int, burstGuard: Rational? = nil, silentWhereZero: Bool = false) throws {
        self.positive = try SignedBurstNeuron(
            thresholds: positive, burstLimit: burstLimit, burstGuard: burstGuard, silentWhereZero: silentWhereZero)
        self.negative = try SignedBurstNeuron(
            thresholds: negative, burstLimit: burstLimit, burstGuard: burstGuard, silentWhereZero: silentWhereZero)
    }

    mutating func step(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let up = try positive.step(x)
        let down = try negative.step(-x)
        let out = try up - down
        if inputSum == nil { inputSum = x } else { try inputSum! += x }
        if emitted == nil { emitted = out } else { try emitted! += out }
        return out
    }

    /// S_t − (emitted total): the pair's residual, the analogue of a neuron's membrane.
    var residual: Tensor<Scalar>? {
        guard let inputSum, let emitted else { return nil }
        return try? inputSum - emitted
    }
}
