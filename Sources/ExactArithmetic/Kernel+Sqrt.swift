import CGMP

extension Kernel {
    /// √x for x ≥ 0 by integer square roots: √(p/q) = √(p·q·4^s)/(q·2^s), with
    /// ⌊√N⌋ ≤ √N < ⌊√N⌋ + 1, exact when N is a perfect square. Theorem ENC-SQRT.
    static func sqrt(_ x: Rational, _ w: Int) -> Interval {
        if x.isZero { return Interval(.zero) }
        let pq = MPZ()
        __gmpz_mul(pq.pointer, x.storage.numerator, x.storage.denominator)
        let s = max(0, w + 4 - pq.bitWidth / 2)
        let n = MPZ()
        __gmpz_mul_2exp(n.pointer, pq.pointer, mp_bitcnt_t(2 * s))
        let root = MPZ()
        let remainder = MPZ()
        __gmpz_sqrtrem(root.pointer, remainder.pointer, n.pointer)
        let scale = Rational.integer(x.storage.denominator).timesPowerOfTwo(s)
        let low = try! Rational.integer(root.pointer) / scale
        if remainder.sign == 0 { return Interval(low) }
        let high = try! (Rational.integer(root.pointer) + .one) / scale
        return Interval(unchecked: low, high).rounded(w + 4)
    }

    /// √ over an interval of non-negative numbers.
    static func sqrt(_ x: Interval, _ w: Int) -> Interval {
        increasing(x) { sqrt($0, w) }
    }
}
