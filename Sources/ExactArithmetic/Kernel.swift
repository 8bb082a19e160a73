/// Enclosures at a working precision w: each function returns an interval that contains
/// the exact value, computed in interval arithmetic whose endpoints are rounded outward
/// to about w significant bits after each operation. They are sound for every w; their
/// width shrinks roughly like 2^−w relative to the value. The public `Enclosure` functions
/// drive them through `certify` to reach the requested output precision.
///
/// The algorithms and their remainder bounds are in proofs/enclosures.md.
enum Kernel {
    /// |x| < 2^k for this k (a cheap upper bound from the bit widths).
    static func log2UpperBound(_ x: Rational) -> Int {
        x.numeratorBitWidth - x.denominatorBitWidth + 1
    }

    /// 1/k for k ≥ 1 (every call site passes a term index or a count of at least 1; a zero
    /// would be a programming error, not bad input).
    static func inverse(_ k: Int) -> Rational {
        try! Rational(numerator: 1, denominator: k)
    }

    /// The interval [0, 2^−k].
    static func tiny(_ k: Int) -> Interval {
        Interval(unchecked: .zero, .powerOfTwo(-k))
    }

    /// The enclosure of a monotone increasing function over x from enclosures at its ends.
    static func increasing(_ x: Interval, _ f: (Rational) throws -> Interval) rethrows -> Interval {
        if x.isPoint { return try f(x.lo) }
        return Interval(unchecked: try f(x.lo).lo, try f(x.hi).hi)
    }
}
