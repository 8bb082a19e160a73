import ExactArithmetic
import SpikingOperators
import Tensors

/// The public STA structure's attention-probability neuron: a signed burst neuron with memory
/// (spec §1.3, burst limit β) with one threshold per key position, fed at step t the corrected
/// output t·p(t) − (its own emitted total) on top of the membrane it keeps, as the released
/// code feeds it. (The spikebound structure's positive IF neurons are fed t·p(t) − (t−1)·p(t−1)
/// instead.) The thresholds are laid out when the first step shows the token count.
struct ProbabilityBurstNeuron<Scalar: SpikeScalar>: SiteNeuron {
    let thresholds: PublicSTAThresholds
    let heads: Int
    let burstLimit: Int
    let burstGuard: Rational?
    private(set) var neuron: SignedBurstNeuron<Scalar>?
    private(set) var emitted: Tensor<Scalar>?
    private(set) var steps = 0

    init(thresholds: PublicSTAThresholds, heads: Int, burstLimit: Int, burstGuard: Rational?) {
        self.thresholds = thresholds
        self.heads = heads
        self.burstLimit = burstLimit
        self.burstGuard = burstGuard
    }

    /// One step on this step's probabilities p(t) [tokens, heads·tokens].
    mutating func step(_ probabilities: Tensor<Scalar>) throws -> Tensor<Scalar> {
        if neuron == nil {
            let tokens = probabilities.shape[0]
            guard probabilities.rank == 2, probabilities.shape[1] == heads * tokens else {
                throw OperatorError.shapeMismatch("attention probabilities \(probabilities.shape) for \(heads) heads")
            }
            neuron = try SignedBurstNeuron(
                thresholds: thresholds.probabilityThresholds(tokens: tokens, heads: heads), burstLimit: burstLimit,
                burstGuard: burstGuard, silentWhereZero: true)
        }
        let t = steps + 1
        let corrected = probabilities.scaled(by: Scalar(Rational(t)))
        let spikes = try neuron!.step(emitted.map { try corrected - $0 } ?? corrected)
        emitted = try emitted.map { try $0 + spikes } ?? spikes
        steps = t
        return spikes
    }

    var residual: Tensor<Scalar>? { neuron?.state.membrane }
}
