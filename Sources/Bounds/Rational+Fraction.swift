import ExactArithmetic

extension Rational {
    /// n/d for small literals whose denominator is known to be non-zero (0 if it were).
    public static func fraction(_ n: Int, _ d: Int) -> Rational { (try? Rational(numerator: n, denominator: d)) ?? .zero }
}
