extension Kernel {
    /// log(x) for x > 0: x = 2^k·y with y in [3/4, 3/2), log y = 2·atanh(z) with
    /// z = (y−1)/(y+1), |z| ≤ 1/5, by its series with remainder. Theorem ENC-LOG.
    static func log(_ x: Rational, _ w: Int) -> Interval {
        if x == .one { return Interval(.zero) }
        var k = x.numeratorBitWidth - x.denominatorBitWidth
        var y = x.timesPowerOfTwo(-k)
        let threeQuarters = Rational.powerOfTwo(-2) * Rational(3)
        let threeHalves = Rational.powerOfTwo(-1) * Rational(3)
        while y < threeQuarters { y = y.timesPowerOfTwo(1); k -= 1 }
        while y >= threeHalves { y = y.timesPowerOfTwo(-1); k += 1 }
        let wp = w + 16 + max(0, log2UpperBound(Rational(k)))
        // z exact, then the series Σ z^(2j+1)/(2j+1); remainder ≤ |z|^(2N+1)/((2N+1)(1−z²)).
        let z = Interval((try! (y - .one) / (y + .one))).rounded(wp)
        let z2 = z.squared.rounded(wp)
        var sum = Interval(.zero)
        var power = z
        var j = 0
        let target = Rational.powerOfTwo(-(wp + 2))
        while true {
            let term = (power * inverse(2 * j + 1)).rounded(wp)
            sum = (sum + term).rounded(wp)
            power = (power * z2).rounded(wp)
            j += 1
            // Bound of the rest: |z|^(2j+1)/((2j+1)(1−z²)) ≤ (25/24)·|power|/(2j+1).
            let rest = (power.magnitude * inverse(2 * j + 1) * (try! Rational(numerator: 25, denominator: 24)))
                .roundedToSignificantBits(32, .up)
            if rest <= target * (sum.mignitude.isZero ? .one : sum.mignitude) || power.magnitude.isZero {
                sum = Interval(unchecked: sum.lo - rest, sum.hi + rest)
                break
            }
        }
        let logY = (sum * Rational(2)).rounded(wp)
        if k == 0 { return logY }
        return (ln2(wp) * Rational(k) + logY).rounded(wp)
    }
}
