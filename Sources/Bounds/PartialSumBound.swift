import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// Theorem B-PSUM (proofs/bounds/B-PSUM.md): a neuron's mean error from the *partial sums* of
/// its inputs, not from the range of each step. Every neuron here satisfies, for any inputs,
/// V_t ≤ max(Q̂, V_{t−1} + x_t − Θ⁺) and −V_t ≤ max(P̂, −V_{t−1} − x_t − Θ⁻), so with V_0 = 0
///
///     V_T ≤ Q̂ + max_{0≤j≤T} Σ_{j<i≤T} (x_i − Θ⁺),    −V_T ≤ P̂ + max_{0≤j≤T} Σ_{j<i≤T} (−x_i − Θ⁻).
///
/// The constants: the multi-threshold neuron (Q̂, P̂ B-MT's transient constants, Θ^± its top
/// levels); the unsigned IF neuron (θ, 0, θ, 0); STA's signed burst pair, for its residual
/// S_t − (emitted total) (c, c, θ(1 + β/2), θ(1 + β/2)) with c = θ/2 for β ≥ 1, θ for β = 0.
/// If every entry's partial sums stay within D_t of t·μ for a fixed μ ∈ [μ⁻, μ⁺] (|S_t − tμ| ≤
/// D_t, D_0 = 0), a window's sum is at most (T − j)(μ⁺ − Θ⁺) + D_T + D_j, and at most
/// (T − j)(b − Θ⁺) when every step lies in [a, b]. So a neuron whose single steps overshoot its
/// top level, but whose running means stay inside it, still has an error of O(1/T): it only
/// lags behind, by at most D_T + D_j.
public struct PartialSumBound: Sendable, Equatable {
    /// Q̂: the largest membrane a step leaves above 0 without firing the positive top level.
    public let residueAbove: Rational
    /// P̂: the same below 0, without firing the negative top level.
    public let residueBelow: Rational
    public let topPositive: Rational
    public let topNegative: Rational

    public init(residueAbove: Rational, residueBelow: Rational, topPositive: Rational, topNegative: Rational) throws {
        guard residueAbove.sign >= 0, residueBelow.sign >= 0, topPositive.sign >= 0, topNegative.sign >= 0 else {
            throw BoundError.invalidParameter("B-PSUM constants must be ≥ 0")
        }
        self.residueAbove = residueAbove
        self.residueBelow = residueBelow
        self.topPositive = topPositive
        self.topNegative = topNegative
    }

    /// The multi-threshold neuron (both rules): B-MT's transient constants and top levels.
    public init(neuron: MultiThresholdNeuron<Rational>) throws {
        let closed = try NeuronBounds.multiThreshold(
            lambdaPositive: neuron.lambdaPositive, lambdaNegative: neuron.lambdaNegative, levels: neuron.levels,
            gap: neuron.gap, rule: neuron.rule, domain: Interval(.zero))
        func transient(_ side: DecayingBound.Side) throws -> Rational {
            guard let term = closed.terms.first(where: { $0.side == side }) else {
                throw BoundError.invalidParameter("B-MT gave no \(side.rawValue) term")
            }
            return term.primary.transient
        }
        try self.init(
            residueAbove: transient(.above), residueBelow: transient(.below), topPositive: neuron.topPositive,
            topNegative: neuron.topNegative)
    }

    /// The unsigned IF neuron with threshold θ (lemma IF-PSUM): it never emits below 0.
    public static func integrateAndFire(threshold θ: Rational) throws -> PartialSumBound {
        guard θ.sign > 0 else { throw BoundError.invalidParameter("threshold \(θ) must be > 0") }
        return try PartialSumBound(residueAbove: θ, residueBelow: .zero, topPositive: θ, topNegative: .zero)
    }

    /// STA's signed burst pair (exact rule, lemma PAIR-PSUM), for the pair's residual.
    public static func signedBurstPair(threshold θ: Rational, burstLimit β: Int) throws -> PartialSumBound {
        guard θ.sign > 0 else { throw BoundError.invalidParameter("threshold \(θ) must be > 0") }
        guard β >= 0 else { throw BoundError.invalidParameter("burst limit \(β) must be ≥ 0") }
        let c = β >= 1 ? θ.timesPowerOfTwo(-1) : θ
        let top = θ + θ.timesPowerOfTwo(-1) * Rational(β)
        return try PartialSumBound(residueAbove: c, residueBelow: c, topPositive: top, topNegative: top)
    }

    /// The neurons of an STA site (B-STA): one IF neuron with the first threshold at the
    /// probabilities, a signed burst pair per channel's threshold elsewhere.
    public static func staSite(_ site: EncoderSite, thresholds: [Rational], burstLimit: Int) throws -> [PartialSumBound] {
        guard let first = thresholds.first else { throw BoundError.invalidParameter("\(site.rawValue): no thresholds") }
        return site == .attentionProbabilities
            ? [try integrateAndFire(threshold: first)]
            : try thresholds.map { try signedBurstPair(threshold: $0, burstLimit: burstLimit) }
    }

    /// Deliberate weakenings, for mutation tests only.
    public enum Mutation: String, Sendable, CaseIterable {
        /// Use D_T alone for a window's deviation (drop D_j, j < T).
        case dropEarlierDeviation = "drop-earlier-deviation"
        /// Halve Q̂ and P̂.
        case halveResidue = "halve-residue"
        /// Divide by T + 1.
        case nextStep = "next-step"
        /// Drop the mean's excess over the top level (the saturating part).
        case dropMeanExcess = "drop-mean-excess"
    }

    /// A bound on |V_T|/T, exact. `means` holds the fixed μ of every entry; `steps`, when given,
    /// holds every single input; `deviations[t]` is D_t for t = 0…T (D_0 must be 0).
    public func value(
        at T: Int, means: Interval, steps: Interval?, deviations: [Rational], mutation: Mutation? = nil
    ) throws -> Rational {
        guard T >= 1 else { throw BoundError.invalidParameter("T must be ≥ 1, got \(T)") }
        guard deviations.count > T, deviations[0].isZero, deviations.allSatisfy({ $0.sign >= 0 }) else {
            throw BoundError.invalidParameter("need deviations D_0 = 0, D_1 … D_\(T) ≥ 0; got \(deviations.count) values")
        }
        let d = mutation == .dropEarlierDeviation ? deviations.indices.map { $0 == T ? deviations[T] : Rational.zero } : deviations
        let above = try side(T, meanExcess: means.hi - topPositive, stepExcess: steps.map { $0.hi - topPositive }, d, mutation)
        let below = try side(T, meanExcess: -means.lo - topNegative, stepExcess: steps.map { -$0.lo - topNegative }, d, mutation)
        var residue = (above: residueAbove, below: residueBelow)
        if mutation == .halveResidue { residue = (residueAbove.timesPowerOfTwo(-1), residueBelow.timesPowerOfTwo(-1)) }
        let denominator = Rational(mutation == .nextStep ? T + 1 : T)
        return try Swift.max(residue.above + above, residue.below + below) / denominator
    }

    /// The same bound without per-step ranges, weakened to O(1) work: each window's sum is at most
    /// D_T + max_{j<T} D_j + T·(μ⁺ − Θ⁺)⁺, so with `deviation` = D_T and `earlier` ≥ D_j for every
    /// j < T, |V_T|/T ≤ max(Q̂ + D_T + earlier + T(μ⁺ − Θ⁺)⁺, P̂ + D_T + earlier + T(−μ⁻ − Θ⁻)⁺)/T.
    public func simplifiedValue(at T: Int, means: Interval, deviation: Rational, earlier: Rational) throws -> Rational {
        guard T >= 1 else { throw BoundError.invalidParameter("T must be ≥ 1, got \(T)") }
        guard deviation.sign >= 0, earlier.sign >= 0 else { throw BoundError.invalidParameter("deviations must be ≥ 0") }
        let steps = Rational(T)
        let above = residueAbove + steps * NeuronBounds.positivePart(means.hi - topPositive)
        let below = residueBelow + steps * NeuronBounds.positivePart(-means.lo - topNegative)
        return try (Swift.max(above, below) + deviation + earlier) / steps
    }

    /// max(0, max_{0≤j<T} min((T − j)·meanExcess + D_T + D_j, (T − j)·stepExcess)).
    func side(
        _ T: Int, meanExcess: Rational, stepExcess: Rational?, _ d: [Rational], _ mutation: Mutation?
    ) throws -> Rational {
        let excess = mutation == .dropMeanExcess ? Swift.min(meanExcess, .zero) : meanExcess
        // A window can only add where the steps can exceed the top level.
        if let stepExcess, stepExcess.sign <= 0 { return .zero }
        var best = Rational.zero
        for j in 0..<T {
            let length = Rational(T - j)
            var window = length * excess + d[T] + d[j]
            if let stepExcess { window = Swift.min(window, length * stepExcess) }
            best = Swift.max(best, window)
        }
        return best
    }
}
