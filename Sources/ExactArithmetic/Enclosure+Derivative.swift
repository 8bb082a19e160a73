extension ElementaryFunction {
    /// An enclosure of f′(X) = {f′(x) : x ∈ X}: the natural interval extension of a formula
    /// for f′ built from certified enclosures (theorem ENC-DERIV). It is sound for every X in
    /// f's domain, and tightens as X shrinks, so callers subdivide wide domains.
    ///
    /// - exp′ = exp; log′ = 1/x; sqrt′ = 1/(2√x) (x > 0); rsqrt′ = −(1/√x)³/2;
    ///   reciprocal′ = −1/x²; erf′ = (2/√π)e^(−x²); tanh′ = 1 − tanh²; σ′ = σ·(1 − σ);
    ///   GELU forms: g′ = s + x·s′ (ENC-GELU).
    public func encloseDerivative(_ x: Interval, bits: Int) throws -> Interval {
        try Precision.validate(bits)
        let w = bits + 8
        switch self {
        case .exp:
            return try Enclosure.exp(x, bits: w)
        case .log:
            return try Enclosure.reciprocal(x, bits: w)
        case .sqrt:
            guard x.lo.sign > 0 else { throw ArithmeticError.domain("sqrt′(\(x)) needs x > 0") }
            return try Enclosure.rsqrt(x, bits: w) * Rational.powerOfTwo(-1)
        case .rsqrt:
            let r = try Enclosure.rsqrt(x, bits: w)
            return -(try r.power(3) * Rational.powerOfTwo(-1))
        case .reciprocal:
            guard !x.containsZero else { throw ArithmeticError.divisionByZero("1/x′ over \(x), which contains 0") }
            return -(try Enclosure.reciprocal(x.squared, bits: w))
        case .erf:
            let e = try Enclosure.exp(-x.squared, bits: w)
            let twoOverRootPi = try Kernel.sqrt(Kernel.pi(w), w).reciprocal() * Rational(2)
            return (e * twoOverRootPi).rounded(w)
        case .tanh:
            return Interval(Rational.one) - (try Enclosure.tanh(x, bits: w)).squared
        case .sigmoid:
            let s = try Enclosure.sigmoid(x, bits: w)
            return s * (Interval(Rational.one) - s)
        case .gelu:
            return Kernel.geluDerivative(.erf, x, w)
        case .geluTanh:
            return Kernel.geluDerivative(.tanh, x, w)
        case .quickGelu:
            return Kernel.geluDerivative(.quick, x, w)
        }
    }
}
