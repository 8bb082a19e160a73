extension Kernel {
    /// Σ_{j<N} (−1)^j / ((2j+1)·k^(2j+1)) with the alternating-series remainder: atan(1/k),
    /// or with `alternating: false` the positive series atanh(1/k). Theorem ENC-CONST.
    static func arcSeriesOfInverse(_ k: Int, _ w: Int, alternating: Bool) -> Interval {
        let wp = w + 12
        var sum = Interval(.zero)
        var j = 0
        var power = Rational(k)  // k^(2j+1)
        let k2 = Rational(k * k)
        while true {
            let term = Interval(inverse(2 * j + 1) * (try! power.reciprocal())).rounded(wp)
            if term.hi < Rational.powerOfTwo(-(wp + 4)) {
                // Remainder: alternating series, |R| ≤ first omitted term; positive series
                // with ratio ≤ 1/k², R ≤ term·k²/(k²−1) ≤ 2·term.
                let bound = alternating ? term.hi : term.hi.timesPowerOfTwo(1)
                let lower = alternating ? -bound : .zero
                return Interval(unchecked: sum.lo + lower, sum.hi + bound).rounded(wp)
            }
            let signed = (alternating && j % 2 == 1) ? -term : term
            sum = (sum + signed).rounded(wp)
            power *= k2
            j += 1
        }
    }

    /// An enclosure of π at about 520 bits, computed once (an immutable constant).
    static let piEnclosure520 = machinPi(520)

    /// π at working precision w: the stored enclosure rounded outward (it contains π, so its
    /// outward rounding does too, ENC-SIMP) while w ≤ 512, else computed. Theorem ENC-CONST.
    static func pi(_ w: Int) -> Interval {
        w <= 512 ? piEnclosure520.rounded(w + 4) : machinPi(w)
    }

    /// π by Machin's formula π = 16·atan(1/5) − 4·atan(1/239). Theorem ENC-CONST.
    static func machinPi(_ w: Int) -> Interval {
        let a = arcSeriesOfInverse(5, w + 6, alternating: true) * Rational(16)
        let b = arcSeriesOfInverse(239, w + 6, alternating: true) * Rational(4)
        return (a - b).rounded(w + 4)
    }

    /// ln 2 = 2·atanh(1/3). Theorem ENC-CONST.
    static func ln2(_ w: Int) -> Interval {
        (arcSeriesOfInverse(3, w + 4, alternating: false) * Rational(2)).rounded(w + 4)
    }
}
