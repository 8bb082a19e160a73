extension Kernel {
    /// erf(x) for any rational x, using oddness for x < 0. Theorem ENC-ERF.
    static func erf(_ x: Rational, _ w: Int) -> Interval {
        if x.isZero { return Interval(.zero) }
        if x.sign < 0 { return -erfPositive(-x, w) }
        return erfPositive(x, w)
    }

    /// erf(x) for x > 0.
    ///
    /// - When x ≥ 1 and x² ≥ w + 8: erfc(x) ≤ e^(−x²)/(x√π) < 2^−(w+8), so erf(x) lies in
    ///   [1 − 2^−(w+8), 1].
    /// - Otherwise erf(x) = (2/√π)·e^(−x²)·Σ_{n≥0} t_n with t_0 = x and
    ///   t_n = t_{n−1}·2x²/(2n+1): a series of positive terms, summed until n ≥ 2x² and
    ///   t_n < 2^−wp·(partial sum); from there the ratio is below 1/2, so the rest is ≤ t_n.
    static func erfPositive(_ x: Rational, _ w: Int) -> Interval {
        let x2 = x * x
        if x >= .one && x2 >= Rational(w + 8) {
            return Interval(unchecked: .one - .powerOfTwo(-(w + 8)), .one)
        }
        let wp = w + 24
        let twoX2 = Interval(x2.timesPowerOfTwo(1)).rounded(wp)
        var term = Interval(x).rounded(wp)
        var sum = term
        var n = 0
        let target = Rational.powerOfTwo(-wp)
        let ratioFloor = x2.timesPowerOfTwo(1)  // need n ≥ 2x²
        while true {
            n += 1
            term = (term * twoX2 * inverse(2 * n + 1)).rounded(wp)
            sum = (sum + term).rounded(wp)
            if Rational(n) >= ratioFloor && term.hi <= target * sum.lo { break }
        }
        let series = Interval(unchecked: sum.lo, sum.hi + term.hi)
        let twoOverRootPi = (try! sqrt(pi(wp), wp).reciprocal() * Rational(2)).rounded(wp)
        let e = exp(-x2, wp)
        let value = (twoOverRootPi * e * series).rounded(wp)
        return value.intersection(Interval(unchecked: .zero, .one)) ?? value
    }

    /// erf over an interval (erf is increasing).
    static func erf(_ x: Interval, _ w: Int) -> Interval {
        increasing(x) { erf($0, w) }
    }

    /// Φ(x) = (1 + erf(x/√2))/2, the standard normal distribution function, over an interval.
    static func normalCDF(_ x: Interval, _ w: Int) -> Interval {
        let wp = w + 8
        let rootHalf = sqrt(Rational.powerOfTwo(-1), wp)
        let scaled = (x * rootHalf).rounded(wp)
        let e = erf(scaled, wp)
        let phi = ((e + .one) * Rational.powerOfTwo(-1)).rounded(wp)
        return phi.intersection(Interval(unchecked: .zero, .one)) ?? phi
    }

    /// φ(x) = e^(−x²/2)/√(2π), the standard normal density, over an interval.
    static func normalDensity(_ x: Interval, _ w: Int) -> Interval {
        let wp = w + 8
        let exponent = -(x.squared * Rational.powerOfTwo(-1))
        let e = expClamped(exponent, wp)
        let invRoot2Pi = try! sqrt(pi(wp) * Rational(2), wp).reciprocal()
        return (e * invRoot2Pi).rounded(wp)
    }
}
