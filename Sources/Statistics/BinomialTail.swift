import ExactArithmetic

/// Exact tails of the binomial distribution, in GMP rationals (STAT-BIN, proofs/statistics/STAT-BIN.md).
///
/// For X ~ Binomial(n, p) with p = a/b in lowest terms and c = b − a,
///
///     P(X ≤ k) = c^(n−k) · P_k / b^n,   P_j = P_(j−1)·c + C(n, j)·a^j,   P_(−1) = 0,
///
/// so that every term is an integer and the sum is exact: no floating-point CDF is involved,
/// and comparisons with a confidence level are decided exactly. Each step multiplies a large
/// integer by a small one, so the cost is O(k · n · log b) bit operations.
public enum BinomialTail {
    /// P(X ≤ k) for X ~ Binomial(n, p), exactly.
    ///
    /// - k < 0 gives 0 and k ≥ n gives 1, for every p.
    /// - p = 0 and p = 1 are exact edge cases (X = 0 and X = n surely).
    /// - Throws `StatisticsError` for n < 0 or p outside [0, 1].
    public static func cdf(_ k: Int, n: Int, p: Rational) throws -> Rational {
        guard n >= 0 else { throw StatisticsError("a binomial needs n ≥ 0, got \(n)") }
        guard p.sign >= 0, p <= .one else { throw StatisticsError("a binomial's p must lie in [0, 1], got \(p)") }
        if k < 0 { return .zero }
        if k >= n { return .one }
        if p.isZero { return .one }
        if p == .one { return .zero }
        let a = p.numerator, b = p.denominator, c = b - a
        var sum = Rational.zero
        var binomial = Rational.one  // C(n, j)
        var aPower = Rational.one  // a^j
        for j in 0...k {
            if j > 0 {
                binomial = try binomial * Rational(n - j + 1) / Rational(j)
                aPower *= a
            }
            sum = sum * c + binomial * aPower
        }
        return try sum * c.power(n - k) / b.power(n)
    }

    /// P(X ≥ k) = 1 − P(X ≤ k − 1), exactly.
    public static func survival(_ k: Int, n: Int, p: Rational) throws -> Rational {
        try .one - cdf(k - 1, n: n, p: p)
    }
}
