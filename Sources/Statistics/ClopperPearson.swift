import ExactArithmetic

/// The exact (Clopper–Pearson) confidence interval on a binomial proportion (CI-CP,
/// proofs/statistics/CI-CP.md).
///
/// For k successes in n trials and confidence 1 − α, the interval is [L, U] with
///
///     P_L(X ≥ k) = α/2   (L = 0 when k = 0),     P_U(X ≤ k) = α/2   (U = 1 when k = n),
///
/// X ~ Binomial(n, p). Its coverage is at least 1 − α for every p. The ends are found by
/// bisection on doubles, each candidate's tail evaluated exactly (STAT-BIN), keeping the side
/// that is certainly outside: the returned lower end is ≤ L and the upper end ≥ U, so the
/// returned interval contains the exact one and its coverage is at least 1 − α too. Bisection
/// stops when the ends are within `tolerance` of the exact ones.
public enum ClopperPearson {
    public static let tolerance = 0x1p-32

    /// Throws for n < 1 or k outside 0…n.
    public static func interval(successes k: Int, of n: Int, confidence: Level) throws -> ProportionInterval {
        guard n >= 1 else { throw StatisticsError("a proportion needs at least one trial, got \(n)") }
        guard (0...n).contains(k) else { throw StatisticsError("\(k) successes in \(n) trials") }
        let half = try confidence.complement / Rational(2)
        // P_p(X ≥ k) increases with p: keep lo with P_lo(X ≥ k) ≤ α/2, so lo ≤ L.
        var lower = 0.0
        if k > 0 {
            lower = try bisect(increasing: { p in try BinomialTail.survival(k, n: n, p: p) }, below: half, keepLower: true)
        }
        // P_p(X ≤ k) decreases with p: keep hi with P_hi(X ≤ k) ≤ α/2, so hi ≥ U.
        var upper = 1.0
        if k < n {
            upper = try bisect(increasing: { p in .one - (try BinomialTail.cdf(k, n: n, p: p)) }, below: .one - half, keepLower: false)
        }
        return ProportionInterval(lower: lower, upper: upper, confidence: confidence.doubleValue)
    }

    /// Bisection on [0, 1] for the p where an increasing f crosses `level`. With `keepLower`, the
    /// returned p has f(p) ≤ level (it lies at or below the crossing); otherwise f(p) ≥ level
    /// (at or above it). The candidates are doubles, read exactly.
    static func bisect(increasing f: (Rational) throws -> Rational, below level: Rational, keepLower: Bool) throws -> Double {
        var lo = 0.0, hi = 1.0  // f(lo) ≤ level ≤ f(hi) up to the ends' own values
        while hi - lo > tolerance {
            let mid = lo + (hi - lo) / 2
            guard mid > lo, mid < hi else { break }
            let value = try f(try Rational(exactly: mid))
            if keepLower {
                if value <= level { lo = mid } else { hi = mid }
            } else {
                if value >= level { hi = mid } else { lo = mid }
            }
        }
        return keepLower ? lo : hi
    }
}
