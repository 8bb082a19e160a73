import ExactArithmetic
import SpikingOperators
import Tensors

/// A neuron with its parameters, as the bounds see it: each case has a certified bound on the
/// mean error |m_T − mean(s)| = |V_T|/T (V_0 = 0) over every input sequence in a domain
/// (`bound(over:)`), and an exact simulation to measure that error (`meanErrors`).
public enum NeuronModel: Sendable, Equatable {
    /// Spec §1.1. Theorem B-IF.
    case integrateAndFire(threshold: Rational, signed: Bool)
    /// Spec §1.2, both rules. Theorem B-MT.
    case multiThreshold(lambdaPositive: Rational, lambdaNegative: Rational, levels: Int, gap: Rational, rule: MultiThresholdNeuron<Rational>.Rule)
    /// Spec §1.3, the exact rule with memory. Theorem B-SB.
    case signedBurst(threshold: Rational, burstLimit: Int)

    /// The theorem that bounds this neuron: B-IF, B-MT or B-SB.
    public var theorem: String {
        switch self {
        case .integrateAndFire: "B-IF"
        case .multiThreshold: "B-MT"
        case .signedBurst: "B-SB"
        }
    }

    /// A short name for tables.
    public var name: String {
        switch self {
        case .integrateAndFire(_, let signed): return signed ? "signed IF neuron" : "IF neuron"
        case .multiThreshold(_, _, _, _, let rule): return "multi-threshold neuron (\(rule.rawValue))"
        case .signedBurst: return "signed burst neuron"
        }
    }

    /// The closed-form bound on |m_T − mean(s)| for every sequence of inputs in `domain`.
    public func closedFormBound(over domain: Interval) throws -> DecayingBound {
        switch self {
        case .integrateAndFire(let threshold, let signed):
            return try NeuronBounds.integrateAndFire(threshold: threshold, signed: signed, domain: domain)
        case .multiThreshold(let lp, let ln, let levels, let gap, let rule):
            return try NeuronBounds.multiThreshold(
                lambdaPositive: lp, lambdaNegative: ln, levels: levels, gap: gap, rule: rule, domain: domain)
        case .signedBurst(let threshold, let burstLimit):
            return try NeuronBounds.signedBurst(threshold: threshold, burstLimit: burstLimit, domain: domain)
        }
    }

    /// Runs the neuron exactly on several input sequences at once (`sequences[j][t]` is the
    /// input of sequence j at step t + 1; all of one length T) and returns |V_T|/T for each.
    public func meanErrors(_ sequences: [[Rational]]) throws -> [Rational] {
        guard let steps = sequences.first?.count, steps >= 1, sequences.allSatisfy({ $0.count == steps }) else {
            throw BoundError.invalidParameter("input sequences must be non-empty and of one length")
        }
        var run = try NeuronRun(self)
        var sums = [Rational](repeating: .zero, count: sequences.count)
        var emitted = sums
        for t in 0..<steps {
            let x = sequences.map { $0[t] }
            let s = try run.step(Tensor(vector: x))
            for j in x.indices {
                sums[j] += x[j]
                emitted[j] += s.values[j]
            }
        }
        let T = Rational(steps)
        return try zip(sums, emitted).map { try ($0 - $1).magnitude / T }
    }
}

/// One exact run of a `NeuronModel`.
struct NeuronRun {
    enum Neuron {
        case integrateAndFire(IFNeuron<Rational>)
        case multiThreshold(MultiThresholdNeuron<Rational>)
        case signedBurst(SignedBurstNeuron<Rational>)
    }

    var neuron: Neuron

    init(_ model: NeuronModel) throws {
        switch model {
        case .integrateAndFire(let threshold, let signed):
            neuron = .integrateAndFire(try IFNeuron(threshold: threshold, signed: signed))
        case .multiThreshold(let lp, let ln, let levels, let gap, let rule):
            neuron = .multiThreshold(try MultiThresholdNeuron(lambdaPositive: lp, lambdaNegative: ln, levels: levels, gap: gap, rule: rule))
        case .signedBurst(let threshold, let burstLimit):
            neuron = .signedBurst(try SignedBurstNeuron(threshold: threshold, burstLimit: burstLimit))
        }
    }

    mutating func step(_ x: Tensor<Rational>) throws -> Tensor<Rational> {
        switch neuron {
        case .integrateAndFire(var n):
            let s = try n.step(x)
            neuron = .integrateAndFire(n)
            return s
        case .multiThreshold(var n):
            let s = try n.step(x)
            neuron = .multiThreshold(n)
            return s
        case .signedBurst(var n):
            let s = try n.step(x)
            neuron = .signedBurst(n)
            return s
        }
    }
}
