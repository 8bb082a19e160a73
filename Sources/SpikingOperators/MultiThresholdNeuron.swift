import ExactArithmetic
import Tensors

/// The ECMT multi-threshold neuron (spec §1.2): levels λ⁺g^k and −λ⁻g^k for k = 0…n−1, at most
/// one spike per step, reset by subtraction. Identities N-1 and MT-1.
public struct MultiThresholdNeuron<Scalar: SpikeScalar>: Sendable {
    public enum Rule: String, Sendable, CaseIterable {
        /// The public ECMT code: greedy from the largest level, fire level λg^k when
        /// V⁻ ≥ λg^k − λ/2 (one offset of half the smallest level; ties fire).
        case ecmt
        /// Nearest level: fire λg^k when V⁻ ≥ (λg^(k−1) + λg^k)/2 (0.75·λg^k for g = 2), and
        /// the smallest level when V⁻ ≥ λ/2; ties fire.
        case nearest
    }

    public let lambdaPositive: Rational
    public let lambdaNegative: Rational
    public let levels: Int
    public let gap: Rational
    public let rule: Rule
    public internal(set) var state: NeuronState<Scalar>

    /// Spike values, largest first: (λ⁺g^k, firing bound) for each k from n−1 down to 0.
    let positive: [(level: Scalar, bound: Scalar)]
    let negative: [(level: Scalar, bound: Scalar)]

    public init(
        lambdaPositive: Rational, lambdaNegative: Rational, levels: Int, gap: Rational = Rational(2),
        rule: Rule = .ecmt, initialMembrane: Rational = .zero
    ) throws {
        guard lambdaPositive.sign > 0 else { throw OperatorError.invalidParameter("lambdaPositive \(lambdaPositive) must be > 0") }
        guard lambdaNegative.sign > 0 else { throw OperatorError.invalidParameter("lambdaNegative \(lambdaNegative) must be > 0") }
        guard levels >= 1 && levels <= 64 else { throw OperatorError.invalidParameter("levels \(levels) must be in 1…64") }
        guard gap > .one else { throw OperatorError.invalidParameter("gap \(gap) must be > 1") }
        self.lambdaPositive = lambdaPositive
        self.lambdaNegative = lambdaNegative
        self.levels = levels
        self.gap = gap
        self.rule = rule
        state = NeuronState(initialMembrane: Scalar(initialMembrane))
        positive = try Self.ladder(lambdaPositive, levels, gap, rule)
        negative = try Self.ladder(lambdaNegative, levels, gap, rule)
        doubleLadder = Scalar.self == Double.self ? DoubleLadder(positive.map(\.level), positive.map(\.bound),
                                                                 negative.map(\.level), negative.map(\.bound)) : nil
    }

    /// The levels λg^k (k = n−1 … 0) and the bound V⁻ must reach to fire each (the bounds
    /// read the same ladder, so their firing pieces are the neuron's own).
    public static func ladder(_ lambda: Rational, _ n: Int, _ g: Rational, _ rule: Rule) throws -> [(level: Scalar, bound: Scalar)] {
        let half = lambda.timesPowerOfTwo(-1)
        return try (0..<n).reversed().map { k in
            let level = lambda * (try g.power(k))
            let bound: Rational
            switch rule {
            case .ecmt: bound = level - half
            case .nearest: bound = k == 0 ? half : (level + lambda * (try g.power(k - 1))).timesPowerOfTwo(-1)
            }
            return (Scalar(level), Scalar(bound))
        }
    }

    /// The top levels λ⁺g^(n−1) and λ⁻g^(n−1).
    public var topPositive: Rational { lambdaPositive * ((try? gap.power(levels - 1)) ?? .one) }
    public var topNegative: Rational { lambdaNegative * ((try? gap.power(levels - 1)) ?? .one) }

    /// The ladders as Doubles, when Scalar is Double (the fast path, MultiThresholdNeuron+Double).
    let doubleLadder: DoubleLadder?

    /// One step: integrate, fire the first level of the ladder whose bound V⁻ reaches (positive
    /// before negative at each level), subtract the spike.
    public mutating func step(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        if let ladder = doubleLadder { return try doubleStep(input, ladder) }
        return try genericStep(input)
    }

    /// The step in any arithmetic, the definition the Double fast path is tested against.
    mutating func genericStep(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let v = try state.integrate(input)
        let t = state.steps + 1
        var spikes = [Scalar](repeating: .zero, count: v.count)
        var next = v.values
        for i in v.values.indices {
            let vi = v.values[i]
            for k in 0..<levels {
                if try decided(vi.order(positive[k].bound), "multi-threshold element \(i) at step \(t)") != .less {
                    spikes[i] = positive[k].level
                    break
                }
                if try decided((-vi).order(negative[k].bound), "multi-threshold element \(i) at step \(t)") != .less {
                    spikes[i] = -negative[k].level
                    break
                }
            }
            next[i] = vi - spikes[i]
        }
        state.commit(try Tensor(shape: v.shape, values: next))
        return try Tensor(shape: v.shape, values: spikes)
    }
}
