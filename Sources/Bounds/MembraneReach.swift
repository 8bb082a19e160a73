import ExactArithmetic
import SpikingOperators

/// The reachable membrane interval of an IF or multi-threshold neuron (V_0 = 0) under inputs
/// in [a, b], step by step: [L_t, U_t] = hull R([L_{t−1} + a, U_{t−1} + b]), where R is the
/// neuron's reset map u ↦ u − s(u), a translation on each firing piece. By induction V_t ∈
/// [L_t, U_t] for every input sequence, so |m_T − mean(s)| ≤ max(U_T, −L_T)/T. Unlike the
/// closed forms it uses the domain, so it stays tight when [a, b] is far inside the top level.
/// Theorem B-REACH.
public struct MembraneReach: Sendable {
    /// A firing piece: inputs u with lower ≤ u ≤ upper (either end open or absent) map to u − shift.
    struct Piece: Sendable {
        let lower: Rational?
        let upper: Rational?
        let shift: Rational
    }

    let pieces: [Piece]
    public let domain: Interval

    /// The reset map of a neuron model; nil for the signed burst neuron (its memory makes the
    /// map depend on more than the membrane; B-SB applies).
    public init?(_ model: NeuronModel, domain: Interval) throws {
        self.domain = domain
        switch model {
        case .integrateAndFire(let θ, let signed):
            var p = [Piece(lower: θ, upper: nil, shift: θ), Piece(lower: signed ? -θ : nil, upper: θ, shift: .zero)]
            if signed { p.append(Piece(lower: nil, upper: -θ, shift: -θ)) }
            pieces = p
        case .multiThreshold(let lp, let ln, let n, let g, let rule):
            // The neuron's own levels and firing bounds, smallest first.
            let up = Array(try MultiThresholdNeuron<Rational>.ladder(lp, n, g, rule).reversed())
            let down = Array(try MultiThresholdNeuron<Rational>.ladder(ln, n, g, rule).reversed())
            var p = [Piece(lower: -down[0].bound, upper: up[0].bound, shift: .zero)]
            for k in 0..<n {
                p.append(Piece(lower: up[k].bound, upper: k + 1 < n ? up[k + 1].bound : nil, shift: up[k].level))
                p.append(Piece(lower: k + 1 < n ? -down[k + 1].bound : nil, upper: -down[k].bound, shift: -down[k].level))
            }
            pieces = p
        case .signedBurst:
            return nil
        }
    }

    /// [L_t, U_t] for t = 1 … T (index t − 1).
    public func membranes(through steps: Int) throws -> [Interval] {
        guard steps >= 1 else { throw BoundError.invalidParameter("T must be ≥ 1, got \(steps)") }
        var lo = Rational.zero, hi = Rational.zero
        var result = [Interval]()
        result.reserveCapacity(steps)
        for _ in 0..<steps {
            let p = lo + domain.lo, q = hi + domain.hi
            var newLo: Rational? = nil, newHi: Rational? = nil
            for piece in pieces {
                let from = piece.lower.map { Swift.max($0, p) } ?? p
                let to = piece.upper.map { Swift.min($0, q) } ?? q
                guard from <= to else { continue }
                let l = from - piece.shift, h = to - piece.shift
                newLo = newLo.map { Swift.min($0, l) } ?? l
                newHi = newHi.map { Swift.max($0, h) } ?? h
            }
            // The pieces tile the real line, so one always meets [p, q]; if none did, the reach
            // would be empty and no zero may stand in for it.
            guard let reachedLo = newLo, let reachedHi = newHi else {
                throw BoundError.invalidParameter("the membrane's reach is empty at step \(result.count + 1): no piece of the neuron meets [\(p), \(q)]")
            }
            lo = reachedLo
            hi = reachedHi
            result.append(try Interval(lo, hi))
        }
        return result
    }

    /// max(U_T, −L_T)/T at each T of the grid (one pass to the largest).
    public func bounds(at grid: [Int], mutation: BoundMutation? = nil) throws -> [Rational] {
        guard let last = grid.max() else { return [] }
        let reach = try membranes(through: last)
        return try grid.map { t in
            let v = reach[t - 1]
            let magnitude = mutation == .dropSecondTerm ? Swift.max(v.hi, .zero) : v.magnitude
            let denominator = mutation == .nextStep ? t + 1 : t
            let value = try magnitude / Rational(denominator)
            return mutation == .halveConstant ? value.timesPowerOfTwo(-1) : value
        }
    }
}
