extension Enclosure {
    /// GELU over X in the given form (erf: x·Φ(x); tanh: the tanh approximation;
    /// quick: x·σ(1.702x)).
    ///
    /// g is not monotone: it decreases on (−∞, x*] and increases on [x*, ∞) for one x* in
    /// (−1, −1/2) (lemma GELU-UNI). So the maximum over [a, b] is max(g(a), g(b)), and the
    /// minimum is g(b) when g'(b) < 0, g(a) when g'(a) > 0, and g(x*) otherwise.
    /// Theorem ENC-GELU.
    public static func gelu(_ x: Interval, form: GELUForm = .erf, bits: Int) throws -> Interval {
        try Precision.validate(bits)
        let atLo = try geluPoint(form, x.lo, bits)
        if x.isPoint { return atLo }
        let atHi = try geluPoint(form, x.hi, bits)
        let upper = max(atLo.hi, atHi.hi)
        let lower: Rational
        if try geluSlopeSign(form, x.hi, bits) < 0 {
            lower = atHi.lo
        } else if try geluSlopeSign(form, x.lo, bits) > 0 {
            lower = atLo.lo
        } else {
            // x* may lie in [a, b]: g(x*) is the global minimum, so it is a lower bound in
            // every case, and the exact one when a < x* < b.
            let minimum = try certify(bits: bits) { Kernel.geluMinimum(form, $0) }
            lower = min(minimum.lo, atLo.lo, atHi.lo)
        }
        return Interval(unchecked: lower, upper)
    }

    static func geluPoint(_ form: GELUForm, _ p: Rational, _ bits: Int) throws -> Interval {
        // g(p) lies strictly between 0 and p (Φ and σ lie in (0, 1)).
        let bounds = p.isZero ? OpenBounds.none
            : (p.sign > 0 ? OpenBounds(lower: .zero, upper: p) : OpenBounds(lower: p, upper: .zero))
        return try certify(bits: bits, bounds) { Kernel.gelu(form, p, $0) }
    }

    /// The sign of g'(p): −1 for p ≤ −1, +1 for p ≥ −1/2 (lemma GELU-UNI), otherwise from
    /// enclosures of g'(p); 0 when undecided.
    static func geluSlopeSign(_ form: GELUForm, _ p: Rational, _ bits: Int) throws -> Int {
        if p <= Rational(-1) { return -1 }
        if p >= -Rational.powerOfTwo(-1) { return 1 }
        return try certifiedSign(bits: bits) { Kernel.geluDerivative(form, Interval(p), $0) }
    }
}
