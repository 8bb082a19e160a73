extension Rational {
    /// n/d, reduced, for a constant written in the code (1/100, 3/2, 2/25): a denominator of
    /// zero is a programming error and stops the program (a precondition), never a value. A
    /// fraction read from a user or computed at run time goes through the throwing
    /// `init(numerator:denominator:)` instead, which reports a zero denominator as
    /// `ArithmeticError.zeroDenominator`.
    public static func fraction(_ n: Int, _ d: Int) -> Rational {
        precondition(d != 0, "Rational.fraction(\(n), 0): a constant with a zero denominator")
        // Cannot throw: d is non-zero.
        return (try? Rational(numerator: n, denominator: d)) ?? .zero
    }
}
