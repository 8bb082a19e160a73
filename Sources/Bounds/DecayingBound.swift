import ExactArithmetic

/// A bound on a conversion error as a function of the number of steps T:
///
///     B(T) = max over terms k of min(c_k / T + d_k, c′_k / T + d′_k),   T ≥ 1,
///
/// with c_k ≥ 0 the transient part (it vanishes as T grows) and d_k ≥ 0 the persistent part
/// (non-zero only when the operator saturates or cannot represent its input; the findings say
/// why). The optional cap c′/T + d′ is a second valid bound of the same side (for example T·b/T
/// for inputs that never reach a threshold). Each term belongs to one side of the error.
public struct DecayingBound: Sendable, Equatable, CustomStringConvertible {
    /// c/T + d.
    public struct Part: Sendable, Equatable, CustomStringConvertible {
        public let transient: Rational
        public let persistent: Rational

        public init(transient: Rational, persistent: Rational) {
            self.transient = transient
            self.persistent = persistent
        }

        /// c/T + d, weakened by `mutation` when one is given.
        func value(at steps: Int, _ mutation: BoundMutation?) throws -> Rational {
            var c = transient, d = persistent, denominator = steps
            switch mutation {
            case .dropTransient: c = .zero
            case .dropPersistent: d = .zero
            case .halveConstant: c = c.timesPowerOfTwo(-1)
            case .nextStep: denominator = steps + 1
            case .dropSecondTerm, .dropCrossTerm, .none: break
            }
            return (try c / Rational(denominator)) + d
        }

        public var description: String {
            let c = transient.isZero ? "" : "\(transient.doubleValue())/T"
            let d = persistent.isZero ? "" : "\(persistent.doubleValue())"
            let text = [c, d].filter { !$0.isEmpty }.joined(separator: " + ")
            return text.isEmpty ? "0" : text
        }
    }

    /// One side of the error: min(primary, cap).
    public struct Term: Sendable, Equatable {
        public let side: Side
        public let primary: Part
        public let cap: Part?

        public init(side: Side, primary: Part, cap: Part? = nil) {
            self.side = side
            self.primary = primary
            self.cap = cap
        }
    }

    /// Which sign of the error a term bounds: `.above` bounds V_T ≥ 0 (the output fell short of
    /// the input), `.below` bounds V_T ≤ 0 (it overshot).
    public enum Side: String, Sendable, Codable {
        case above, below
    }

    public let terms: [Term]
    public let findings: [BoundFinding]

    public init(terms: [Term], findings: [BoundFinding] = []) {
        self.terms = terms
        self.findings = findings
    }

    /// B(T) with a deliberate weakening (mutation tests only; see `BoundMutation`).
    public func value(at steps: Int, mutation: BoundMutation?) throws -> Rational {
        guard steps >= 1 else { throw BoundError.invalidParameter("T must be ≥ 1, got \(steps)") }
        var best = Rational.zero
        for (k, term) in terms.enumerated() {
            if mutation == .dropSecondTerm && k == 1 { continue }
            var value = try term.primary.value(at: steps, mutation)
            if let cap = term.cap { value = Swift.min(value, try cap.value(at: steps, mutation)) }
            best = Swift.max(best, value)
        }
        return best
    }

    public var description: String {
        let parts = terms.map { term in term.cap.map { "min(\(term.primary), \($0))" } ?? term.primary.description }
        return parts.count == 1 ? parts[0] : "max(" + parts.joined(separator: ", ") + ")"
    }
}
