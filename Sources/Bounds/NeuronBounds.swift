import ExactArithmetic
import SpikingOperators
import Tensors

/// Certified bounds on a neuron's mean error |m_T − mean(s)| = |V_T|/T (V_0 = 0) for every
/// input sequence x_1 … x_T in a domain [a, b]. Each side of the error is min(primary, cap),
/// both of the form c/T + d; the persistent part d > 0 is the saturation (above the largest
/// spike) or the part a neuron cannot represent (negative inputs to an unsigned neuron).
public enum NeuronBounds {
    /// Theorem B-IF (proofs/bounds/B-IF.md). Unsigned: above min(θ/T + (b − θ)⁺, b⁺), below (−a)⁺.
    /// Signed: above the same, below min(θ/T + (−a − θ)⁺, (−a)⁺).
    public static func integrateAndFire(threshold θ: Rational, signed: Bool, domain: Interval) throws -> DecayingBound {
        guard θ.sign > 0 else { throw BoundError.invalidParameter("threshold \(θ) must be > 0") }
        let a = domain.lo, b = domain.hi
        let site = signed ? "signed IF neuron" : "IF neuron"
        var findings = [BoundFinding]()
        let above = side(.above, (θ, positivePart(b - θ)), cap: (.zero, positivePart(b)))
        let below: DecayingBound.Term
        if signed {
            below = side(.below, (θ, positivePart(-a - θ)), cap: (.zero, positivePart(-a)))
            if -a > θ { findings.append(saturation(site, "inputs down to \(a) are below −θ = \(-θ)")) }
        } else {
            below = side(.below, (.zero, positivePart(-a)))
            if a.sign < 0 {
                findings.append(BoundFinding(.unrepresentable, site: site, "inputs down to \(a) are negative; an unsigned neuron emits no negative spikes"))
            }
        }
        if b > θ { findings.append(saturation(site, "inputs up to \(b) exceed θ = \(θ)")) }
        return DecayingBound(terms: [above, below], findings: findings)
    }

    /// Theorem B-MT (proofs/bounds/B-MT.md), for both rules, from MT-1′ and MT-1n extended to
    /// saturating inputs: above min(Q′/T + (b − Θ⁺)⁺, R⁻/T + b⁺), below
    /// min(P′/T + (−a − Θ⁻)⁺, R⁺/T + (−a)⁺), with R^∓ the largest membrane a spike of the
    /// other sign can leave.
    public static func multiThreshold(
        lambdaPositive lp: Rational, lambdaNegative ln: Rational, levels n: Int, gap g: Rational,
        rule: MultiThresholdNeuron<Rational>.Rule, domain: Interval
    ) throws -> DecayingBound {
        guard lp.sign > 0, ln.sign > 0 else { throw BoundError.invalidParameter("λ⁺ = \(lp) and λ⁻ = \(ln) must be > 0") }
        guard n >= 1 && n <= 64 else { throw BoundError.invalidParameter("levels \(n) must be in 1…64") }
        guard g > .one else { throw BoundError.invalidParameter("gap \(g) must be > 1") }
        let a = domain.lo, b = domain.hi
        let half = Rational.powerOfTwo(-1)
        let top = try g.power(n - 1)
        let topPositive = lp * top, topNegative = ln * top
        // The largest membrane a spike of one side leaves (MT-0 cases 2 and 5, or MT-1n).
        func residue(_ lambda: Rational) throws -> Rational {
            guard n >= 2 else { return lambda * half }
            let inner = lambda * (try g.power(n - 2)) * (g - .one)
            switch rule {
            case .ecmt: return Swift.max(lambda * half, inner - lambda * half)
            case .nearest: return Swift.max(lambda * half, inner * half)
            }
        }
        // A spike of the other side leaves at most this much on this side.
        func crossResidue(_ lambda: Rational) throws -> Rational {
            switch rule {
            case .ecmt: return lambda * half
            case .nearest:
                guard n >= 2 else { return lambda * half }
                return Swift.max(lambda * half, lambda * (try g.power(n - 2)) * (g - .one) * half)
            }
        }
        let qPrime = Swift.max(try residue(lp), lp * half, ln * half)
        let pPrime = Swift.max(try residue(ln), lp * half, ln * half)
        let qFinal = rule == .nearest ? Swift.max(qPrime, pPrime) : qPrime
        let pFinal = rule == .nearest ? Swift.max(qPrime, pPrime) : pPrime
        let above = side(.above, (qFinal, positivePart(b - topPositive)), cap: (try crossResidue(ln), positivePart(b)))
        let below = side(.below, (pFinal, positivePart(-a - topNegative)), cap: (try crossResidue(lp), positivePart(-a)))
        var findings = [BoundFinding]()
        let site = "multi-threshold neuron"
        if b > topPositive { findings.append(saturation(site, "inputs up to \(b) exceed the top level λ⁺g^(n−1) = \(topPositive)")) }
        if -a > topNegative { findings.append(saturation(site, "inputs down to \(a) are below −λ⁻g^(n−1) = \(-topNegative)")) }
        return DecayingBound(terms: [above, below], findings: findings)
    }

    /// Theorem B-SB (proofs/bounds/B-SB.md): the exact rule with memory. With c = θ/2 (β ≥ 1) or θ
    /// (β = 0) and the largest step emission θ(1 + β/2): above min(c/T + (b − θ(1 + β/2))⁺, b⁺),
    /// below (−a)⁺ (the emitted total never goes negative, SB-M).
    public static func signedBurst(threshold θ: Rational, burstLimit β: Int, domain: Interval) throws -> DecayingBound {
        guard θ.sign > 0 else { throw BoundError.invalidParameter("threshold \(θ) must be > 0") }
        guard β >= 0 else { throw BoundError.invalidParameter("burst limit \(β) must be ≥ 0") }
        let a = domain.lo, b = domain.hi
        let c = β >= 1 ? θ.timesPowerOfTwo(-1) : θ
        let top = θ + θ.timesPowerOfTwo(-1) * Rational(β)
        let above = side(.above, (c, positivePart(b - top)), cap: (.zero, positivePart(b)))
        let below = side(.below, (.zero, positivePart(-a)))
        var findings = [BoundFinding]()
        let site = "signed burst neuron"
        if b > top { findings.append(saturation(site, "inputs up to \(b) exceed the largest step emission θ(1 + β/2) = \(top)")) }
        if a.sign < 0 {
            findings.append(BoundFinding(.unrepresentable, site: site,
                "inputs down to \(a) are negative; the emitted total never goes negative (SB-M), so a negative mean is not represented (use a pair)"))
        }
        return DecayingBound(terms: [above, below], findings: findings)
    }

    static func positivePart(_ x: Rational) -> Rational { x.sign > 0 ? x : .zero }

    /// One side as min(c/T + d, c′/T + d′).
    static func side(
        _ side: DecayingBound.Side, _ primary: (Rational, Rational), cap: (Rational, Rational)? = nil
    ) -> DecayingBound.Term {
        DecayingBound.Term(
            side: side, primary: DecayingBound.Part(transient: primary.0, persistent: primary.1),
            cap: cap.map { DecayingBound.Part(transient: $0.0, persistent: $0.1) })
    }

    static func saturation(_ site: String, _ message: String) -> BoundFinding {
        BoundFinding(.saturation, site: site, message + "; the error does not vanish as T grows")
    }
}
