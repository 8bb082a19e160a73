/// The limits on the precision of a certified enclosure.
public enum Precision {
    /// The largest output precision accepted, in bits.
    public static let maximumBits = 1 << 16

    static func validate(_ bits: Int) throws {
        guard bits >= 1 && bits <= maximumBits else { throw ArithmeticError.invalidPrecision(bits) }
    }
}

/// The output grid G_b of a certified enclosure at `bits` bits (theorem ENC-GRID).
///
/// G_b holds the numbers q·2^e with |q| < 2^(b+2) and e ≥ −(b+1): a binary floating-point
/// format with b+2 significant bits whose spacing is 2^−(b+1) below 1 and 2^(k−b−1) in
/// the binade [2^k, 2^(k+1)). Rounding down or up on G_b is monotone, which is what makes
/// every enclosure inclusion-isotonic, and one grid step next to y is at most
/// 2^−(b+1)·max(1, |y|), which is what bounds the width for a point input.
struct OutputGrid {
    let bits: Int

    private var precision: Int { bits + 2 }
    private var minimumExponent: Int { -(bits + 1) }

    /// The largest grid point ≤ x.
    func down(_ x: Rational) -> Rational {
        x.roundedOnGrid(precision: precision, minimumExponent: minimumExponent, .down)
    }

    /// The smallest grid point ≥ x.
    func up(_ x: Rational) -> Rational {
        x.roundedOnGrid(precision: precision, minimumExponent: minimumExponent, .up)
    }

    func contains(_ x: Rational) -> Bool { down(x) == x }

    /// Less than half of the smallest grid step anywhere (2^−(b+1)).
    private var nudge: Rational { .powerOfTwo(-(bits + 3)) }

    /// The grid point just below the grid point g.
    func predecessor(_ g: Rational) -> Rational { down(g - nudge) }

    /// The grid point just above the grid point g.
    func successor(_ g: Rational) -> Rational { up(g + nudge) }

    /// [down(lo), up(hi)].
    func outward(_ x: Interval) -> Interval { Interval(unchecked: down(x.lo), up(x.hi)) }
}
