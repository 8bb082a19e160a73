import CGMP

/// A direction of rounding to a representable value.
public enum RoundingDirection: String, Sendable, CaseIterable {
    /// To the nearest representable value, ties to the one with an even last bit.
    case toNearestEven = "nearest"
    /// Toward −∞.
    case down
    /// Toward +∞.
    case up
}

extension RoundingDirection {
    /// The direction on |x| that rounds x in this direction: toward −∞ on a negative x moves
    /// its magnitude up (`.up` = away from zero), and so on.
    func onMagnitude(negative: Bool) -> RoundingDirection {
        switch self {
        case .toNearestEven: return .toNearestEven
        case .down: return negative ? .up : .down
        case .up: return negative ? .down : .up
        }
    }
}

extension Rational {
    /// Rounds to an integer by `rule` (the same rules as `Double.rounded(_:)`).
    public func rounded(_ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Rational {
        let n = storage.numerator, d = storage.denominator
        if isInteger { return self }
        let q = MPZ(), r = MPZ()
        switch rule {
        case .down:
            __gmpz_fdiv_q(q.pointer, n, d)
        case .up:
            __gmpz_cdiv_q(q.pointer, n, d)
        case .towardZero:
            __gmpz_tdiv_q(q.pointer, n, d)
        case .awayFromZero:
            if sign > 0 { __gmpz_cdiv_q(q.pointer, n, d) } else { __gmpz_fdiv_q(q.pointer, n, d) }
        case .toNearestOrAwayFromZero, .toNearestOrEven:
            // q = floor(x), r = x − q in [0, 1) as r/d; compare 2r with d.
            __gmpz_fdiv_qr(q.pointer, r.pointer, n, d)
            __gmpz_mul_2exp(r.pointer, r.pointer, 1)
            let c = __gmpz_cmp(r.pointer, d)
            let up: Bool
            if c > 0 {
                up = true
            } else if c < 0 {
                up = false
            } else if rule == .toNearestOrEven {
                up = q.isOdd
            } else {
                up = sign > 0  // tie: away from zero
            }
            if up { __gmpz_add_ui(q.pointer, q.pointer, 1) }
        @unknown default:
            __gmpz_fdiv_q(q.pointer, n, d)
        }
        return Rational.integer(q.pointer)
    }

    public var floor: Rational { rounded(.down) }
    public var ceil: Rational { rounded(.up) }

    /// Rounds |self| to `precision` significant bits in `direction` applied to the
    /// magnitude (`.down` = toward zero, `.up` = away from zero), never to a multiple
    /// of 2^e with e below `minimumExponent` when one is given.
    ///
    /// Returns (q, e) with the rounded magnitude equal to q·2^e and q ≤ 2^precision.
    /// Theorem ENC-DIR in proofs/enclosures.md.
    func roundedMagnitude(
        precision p: Int, direction: RoundingDirection, minimumExponent: Int?
    ) -> (q: MPZ, exponent: Int) {
        let q = MPZ()
        if isZero { return (q, minimumExponent ?? 0) }
        let num = MPZ(copying: storage.numerator)
        __gmpz_abs(num.pointer, num.pointer)
        let den = storage.denominator
        let nb = num.bitWidth, db = Int(__gmpz_sizeinbase(den, 2))
        // |x| lies in (2^(nb−db−1), 2^(nb−db+1)); aim for q with p bits.
        var e = nb - db - p
        let r = MPZ(), divisor = MPZ()
        func divide(_ e: Int) {
            // q, r = |num| / (den · 2^e), with divisor the actual divisor used.
            if e >= 0 {
                __gmpz_mul_2exp(divisor.pointer, den, mp_bitcnt_t(e))
                __gmpz_tdiv_qr(q.pointer, r.pointer, num.pointer, divisor.pointer)
            } else {
                let shifted = MPZ()
                __gmpz_mul_2exp(shifted.pointer, num.pointer, mp_bitcnt_t(-e))
                __gmpz_set(divisor.pointer, den)
                __gmpz_tdiv_qr(q.pointer, r.pointer, shifted.pointer, divisor.pointer)
            }
        }
        divide(e)
        if q.bitWidth > p {
            e += 1
            divide(e)
        } else if q.bitWidth < p {
            e -= 1
            divide(e)
        }
        if let minimumExponent, e < minimumExponent {
            e = minimumExponent
            divide(e)
        }
        if r.sign != 0 {
            let up: Bool
            switch direction {
            case .down: up = false
            case .up: up = true
            case .toNearestEven:
                __gmpz_mul_2exp(r.pointer, r.pointer, 1)
                let c = __gmpz_cmp(r.pointer, divisor.pointer)
                up = c > 0 || (c == 0 && q.isOdd)
            }
            if up { __gmpz_add_ui(q.pointer, q.pointer, 1) }
        }
        return (q, e)
    }

    /// The value q·2^e as a Rational.
    static func dyadic(_ q: MPZ, _ e: Int, negative: Bool) -> Rational {
        let value = Rational.integer(q.pointer).timesPowerOfTwo(e)
        return negative ? -value : value
    }

    /// Rounds to the nearest dyadic number with at most `bits` significant bits, in
    /// `direction` (a signed direction: `.down` is toward −∞). Theorem ENC-SIMP.
    public func roundedToSignificantBits(_ bits: Int, _ direction: RoundingDirection) -> Rational {
        roundedOnGrid(precision: bits, minimumExponent: nil, direction)
    }

    /// Rounds on the grid of numbers q·2^e with q < 2^precision and e ≥ minimumExponent.
    func roundedOnGrid(precision: Int, minimumExponent: Int?, _ direction: RoundingDirection) -> Rational {
        if isZero { return self }
        let negative = sign < 0
        let (q, e) = roundedMagnitude(
            precision: precision, direction: direction.onMagnitude(negative: negative), minimumExponent: minimumExponent)
        return Rational.dyadic(q, e, negative: negative)
    }
}
