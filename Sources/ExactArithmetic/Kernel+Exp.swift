extension Kernel {
    /// The largest |x| for which exp(x) is evaluated; beyond it the callers decide without it.
    static let expArgumentLimit = Rational.powerOfTwo(20)

    /// exp(x) for |x| ≤ 2^20: x = 2^m·r with |r| ≤ 1/16, Taylor series of exp(r) with its
    /// remainder, then m squarings. Theorem ENC-EXP.
    static func exp(_ x: Rational, _ w: Int) -> Interval {
        if x.isZero { return Interval(.one) }
        let m = max(0, log2UpperBound(x) + 4)
        let wp = w + m + 16
        let r = Interval(x.timesPowerOfTwo(-m)).rounded(wp)
        let (series, remainder) = taylorExp(r, wp, fromTerm: 0)
        var s = Interval(unchecked: series.lo - remainder, series.hi + remainder).rounded(wp)
        for _ in 0..<m { s = s.squared.rounded(wp) }
        return s
    }

    /// Σ_{k=from}^{N−1} r^k/k! by Horner's rule and a bound on Σ_{k≥N} |r|^k/k!, for |r| ≤ 1,
    /// with N chosen so that the bound is below 2^−(wp+2)·|r|^from.
    static func taylorExp(_ r: Interval, _ wp: Int, fromTerm first: Int) -> (Interval, Rational) {
        let a = r.magnitude
        // N: smallest with |r|^(N−first)·first!/N! ≤ 2^−(wp+2), i.e. the tail relative to the
        // first kept term is negligible. The tail Σ_{k≥N} ≤ 2·|r|^N/N! when |r| ≤ 1.
        var n = first
        var ratio = Rational.one  // |r|^(n−first)·first!/n!
        let target = Rational.powerOfTwo(-(wp + 2))
        repeat {
            n += 1
            ratio = (ratio * a * inverse(n)).roundedToSignificantBits(32, .up)
        } while ratio > target
        // Horner: S = 1 + (r/k)·S for k = n−1 down to first+1, then S·r^first/first!.
        var s = Interval(.one)
        if n - 1 > first {
            for k in stride(from: n - 1, through: first + 1, by: -1) {
                s = (Interval(.one) + (r * s) * inverse(k)).rounded(wp)
            }
        }
        var leading = Interval(.one)
        for k in stride(from: 1, through: first, by: 1) { leading = (leading * r * inverse(k)).rounded(wp) }
        s = (s * leading).rounded(wp)
        // Tail bound: 2·|r|^n/n!, as 2·ratio·|r|^first/first! bounded above.
        var firstTerm = Rational.one
        for k in stride(from: 1, through: first, by: 1) { firstTerm = firstTerm * a * inverse(k) }
        let remainder = (ratio * firstTerm).timesPowerOfTwo(1).roundedToSignificantBits(32, .up)
        return (s, remainder)
    }

    /// exp(x) − 1 with small relative error also near 0. Theorem ENC-EXP.
    static func expm1(_ x: Rational, _ w: Int) -> Interval {
        if x.isZero { return Interval(.zero) }
        if x.magnitude > .one { return (exp(x, w + 4) - .one).rounded(w + 4) }
        let wp = w + 16
        let (series, remainder) = taylorExp(Interval(x).rounded(wp), wp, fromTerm: 1)
        return Interval(unchecked: series.lo - remainder, series.hi + remainder).rounded(wp)
    }

    /// exp over an interval, where exp(x) < 2^−k is replaced by [0, 2^−k] for k = w + 12
    /// when x ≤ −k (since e^−k < 2^−k). Callers ensure x ≤ 2^20.
    static func expClamped(_ x: Interval, _ w: Int) -> Interval {
        let k = w + 12
        return increasing(x) { p in p <= Rational(-k) ? tiny(k) : exp(p, w) }
    }
}
