extension Kernel {
    /// σ(x) = 1/(1 + e^(−x)), computed as 1/(1 + e^(−x)) for x ≥ 0 and e^x/(1 + e^x) for
    /// x < 0, so that no subtraction loses digits. For x ≤ −(w+12), σ(x) < e^x < 2^−(w+12).
    /// Theorem ENC-SIGMOID.
    static func sigmoid(_ x: Rational, _ w: Int) -> Interval {
        let wp = w + 8
        let k = wp + 12
        if x.sign >= 0 {
            let u = x >= Rational(k) ? tiny(k) : exp(-x, wp)
            return try! (u + .one).reciprocal().rounded(wp)
        }
        if x <= Rational(-k) { return tiny(k) }
        let u = exp(x, wp)
        return (u * (try! (u + .one).reciprocal())).rounded(wp)
    }

    /// σ over an interval (σ is increasing).
    static func sigmoid(_ x: Interval, _ w: Int) -> Interval {
        increasing(x) { sigmoid($0, w) }
    }

    /// tanh(x) = −E/(2 + E) with E = expm1(−2|x|) in (−1, 0], and tanh odd.
    /// Theorem ENC-TANH.
    static func tanh(_ x: Rational, _ w: Int) -> Interval {
        if x.isZero { return Interval(.zero) }
        let wp = w + 8
        let a = x.magnitude
        let k = wp + 12
        let value: Interval
        if a.timesPowerOfTwo(1) >= Rational(k) {
            // 1 − tanh(a) = 2/(e^(2a) + 1) < 2e^(−2a) ≤ 2^−(k−1).
            value = Interval(unchecked: .one - .powerOfTwo(-(k - 1)), .one)
        } else {
            let e = expm1(-a.timesPowerOfTwo(1), wp)
            value = (-e * (try! (e + Rational(2)).reciprocal())).rounded(wp)
        }
        let clipped = value.intersection(Interval(unchecked: .zero, .one)) ?? value
        return x.sign < 0 ? -clipped : clipped
    }
}
