import ExactArithmetic
import Foundation

/// The distribution-free population bound of an order statistic (POP-OS,
/// proofs/statistics/POP-OS.md).
///
/// Let U_1 … U_n be an independent sample of a real quantity U (here: an input's certified
/// error bound at one layer and T) and U_(1) ≤ … ≤ U_(n) its order statistics. For coverage q
/// and confidence 1 − δ, let r be the smallest rank with
///
///     P(Binomial(n, q) ≤ r − 1) ≥ 1 − δ.
///
/// Then, with probability at least 1 − δ over the sample, P(U ≤ U_(r)) ≥ q: at least a fraction q
/// of the population lies at or below U_(r). This holds for every distribution of U, discrete
/// ones (ties) included. No rank exists when q^n > δ; `samplesNeeded` gives the smallest n for
/// which one does. The binomial tail is exact (STAT-BIN), so the rank is never off by rounding.
public enum OrderStatisticBound {
    /// What the sample supports at a coverage and confidence.
    public enum Outcome: Sendable, Equatable {
        /// `value` = U_(rank) of `n` values.
        case bound(value: Double, rank: Int, n: Int)
        /// The n values are too few: a rank exists from `needed` values on.
        case insufficient(n: Int, needed: Int)
    }

    /// The smallest rank r ∈ 1…n with P(Binomial(n, q) ≤ r − 1) ≥ confidence, or nil when even
    /// r = n falls short (q^n > 1 − confidence). Throws for n < 1.
    public static func rank(n: Int, coverage q: Level, confidence: Level) throws -> Int? {
        guard n >= 1 else { throw StatisticsError("an order-statistic bound needs at least one value, got \(n)") }
        // P(Bin(n, q) ≤ r − 1) increases with r; at r = n it is 1 − q^n.
        guard try BinomialTail.cdf(n - 1, n: n, p: q.value) >= confidence.value else { return nil }
        var lo = 1, hi = n  // the answer lies in lo…hi
        while lo < hi {
            let mid = (lo + hi) / 2
            if try BinomialTail.cdf(mid - 1, n: n, p: q.value) >= confidence.value { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// The smallest n with q^n ≤ 1 − confidence: the fewest values for which a rank exists.
    public static func samplesNeeded(coverage q: Level, confidence: Level) throws -> Int {
        let delta = confidence.complement
        // A floating-point estimate, then corrected exactly in either direction.
        let estimate = (log(delta.doubleValue()) / log(q.doubleValue)).rounded(.up)
        var n = Swift.max(1, estimate.isFinite && estimate < 1e9 ? Int(estimate) : 1)
        while n > 1, try q.value.power(n - 1) <= delta { n -= 1 }
        while try q.value.power(n) > delta { n += 1 }
        return n
    }

    /// The bound of `values` (certified upper bounds, one per input) at a coverage and confidence.
    /// Throws on an empty sample or a NaN; +∞ is a value like any other (an input whose error
    /// could not be bounded).
    public static func upper(_ values: [Double], coverage: Level, confidence: Level) throws -> Outcome {
        guard !values.contains(where: \.isNaN) else { throw StatisticsError("a population bound over a NaN value") }
        guard let r = try rank(n: values.count, coverage: coverage, confidence: confidence) else {
            return .insufficient(n: values.count, needed: try samplesNeeded(coverage: coverage, confidence: confidence))
        }
        return .bound(value: values.sorted()[r - 1], rank: r, n: values.count)
    }

    /// The mirror image for a lower statement: with confidence 1 − δ, at least a fraction q of
    /// the population lies at or above the returned value (U_(n−r+1) of certified lower bounds).
    public static func lower(_ values: [Double], coverage: Level, confidence: Level) throws -> Outcome {
        switch try upper(values.map { -$0 }, coverage: coverage, confidence: confidence) {
        case .bound(let value, let rank, let n): return .bound(value: -value, rank: n - rank + 1, n: n)
        case .insufficient(let n, let needed): return .insufficient(n: n, needed: needed)
        }
    }
}
