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
    public struct Term: Sendable, Equatable {
        public let side: Side
        public let transient: Rational
        public let persistent: Rational
        public let cap: Cap?

        public init(side: Side, transient: Rational, persistent: Rational, cap: Cap? = nil) {
            self.side = side
            self.transient = transient
            self.persistent = persistent
            self.cap = cap
        }
    }

    /// A second bound c′/T + d′ of the same side; the term is the smaller of the two.
    public struct Cap: Sendable, Equatable {
        public let transient: Rational
        public let persistent: Rational

        public init(transient: Rational, persistent: Rational) {
            self.transient = transient
            self.persistent = persistent
        }
    }

    /// Which sign of the error a term bounds: `.above` bounds V_T ≥ 0 (the output fell short of
    /// the input), `.below` bounds V_T ≤ 0 (it overshot). `.both` bounds the magnitude.
    public enum Side: String, Sendable, Codable {
        case above, below, both
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
            var value = try Self.evaluate(term.transient, term.persistent, steps, mutation)
            if let cap = term.cap {
                value = Swift.min(value, try Self.evaluate(cap.transient, cap.persistent, steps, mutation))
            }
            best = Swift.max(best, value)
        }
        return best
    }

    static func evaluate(_ c: Rational, _ d: Rational, _ steps: Int, _ mutation: BoundMutation?) throws -> Rational {
        var transient = c, persistent = d, denominator = steps
        switch mutation {
        case .dropTransient: transient = .zero
        case .dropPersistent: persistent = .zero
        case .halveConstant: transient = transient.timesPowerOfTwo(-1)
        case .nextStep: denominator = steps + 1
        case .dropSecondTerm, .dropCrossTerm, .none: break
        }
        return (try transient / Rational(denominator)) + persistent
    }

    /// True when some term does not vanish as T grows.
    public var isPersistent: Bool { terms.contains { $0.persistent.sign > 0 } }

    public var description: String {
        let parts = terms.map { term -> String in
            let c = term.transient.isZero ? "" : "\(term.transient.doubleValue())/T"
            let d = term.persistent.isZero ? "" : "\(term.persistent.doubleValue())"
            let primary = [c, d].filter { !$0.isEmpty }.joined(separator: " + ").ifEmpty("0")
            guard let cap = term.cap else { return primary }
            let c2 = cap.transient.isZero ? "" : "\(cap.transient.doubleValue())/T"
            let d2 = cap.persistent.isZero ? "" : "\(cap.persistent.doubleValue())"
            return "min(\(primary), " + [c2, d2].filter { !$0.isEmpty }.joined(separator: " + ").ifEmpty("0") + ")"
        }
        return parts.count == 1 ? parts[0] : "max(" + parts.joined(separator: ", ") + ")"
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
