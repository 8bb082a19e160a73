/// Upper bounds in `Double` without a rounding mode (lemma CF-UP, proofs/bounds/B-CF.md): IEEE
/// 754 rounds +, −, ×, ÷ and √ to nearest, so the exact result lies within half a spacing of
/// the computed one, and the next `Double` up (down) lies at or beyond it. Every centred-form
/// radius is built from these, so no libm function is trusted. Overflow gives +∞, still a bound.
enum Upward {
    @inline(__always) static func add(_ a: Double, _ b: Double) -> Double { (a + b).nextUp }
    @inline(__always) static func mul(_ a: Double, _ b: Double) -> Double { (a * b).nextUp }
    /// a/b for b > 0.
    @inline(__always) static func div(_ a: Double, _ b: Double) -> Double { (a / b).nextUp }
    @inline(__always) static func sqrt(_ a: Double) -> Double { a.squareRoot().nextUp }

    /// An upper bound on Σ a_i for a_i ≥ 0.
    static func sum(_ a: some Sequence<Double>) -> Double { a.reduce(0) { add($0, $1) } }

    /// An upper bound on e^x − 1 for 0 ≤ x < 3: x + (x²/2)/(1 − x/3), since the series' terms
    /// after x²/2 are at most x²/2 · (x/3)^k. +∞ from x ≥ 3 (no bound is claimed there).
    static func expm1(_ x: Double) -> Double {
        guard x < 3 else { return .infinity }
        let denominator = Downward.sub(1, Upward.div(x, 3))
        return add(x, div(mul(mul(x, x), 0.5), denominator))
    }
}

/// Lower bounds, as `Upward` (lemma CF-UP).
enum Downward {
    @inline(__always) static func add(_ a: Double, _ b: Double) -> Double { (a + b).nextDown }
    @inline(__always) static func sub(_ a: Double, _ b: Double) -> Double { (a - b).nextDown }
    @inline(__always) static func mul(_ a: Double, _ b: Double) -> Double { (a * b).nextDown }
    /// a/b for b > 0.
    @inline(__always) static func div(_ a: Double, _ b: Double) -> Double { (a / b).nextDown }
    /// √a for a ≥ 0 (0 for a ≤ 0).
    @inline(__always) static func sqrt(_ a: Double) -> Double { a > 0 ? Swift.max(0, a.squareRoot().nextDown) : 0 }
}
