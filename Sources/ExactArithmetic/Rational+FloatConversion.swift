import CGMP

extension Rational {
    /// Exactly the value of a finite Double. NaN and infinities are thrown errors.
    public init(exactly value: Double) throws {
        self = try Rational.fromBinaryFloat(value)
    }

    /// Exactly the value of a finite Float. NaN and infinities are thrown errors.
    public init(exactly value: Float) throws {
        self = try Rational.fromBinaryFloat(value)
    }

    static func fromBinaryFloat<F: BinaryFloatingPoint>(_ value: F) throws -> Rational
    where F.RawSignificand: FixedWidthInteger, F.RawExponent: FixedWidthInteger {
        guard value.isFinite else { throw ArithmeticError.notFinite("\(value)") }
        if value == 0 { return .zero }
        let bias = (1 << (F.exponentBitCount - 1)) - 1
        let fraction = UInt64(value.significandBitPattern)
        let biased = Int(value.exponentBitPattern)
        let mantissa: UInt64
        let exponent: Int
        if biased == 0 {  // subnormal
            mantissa = fraction
            exponent = 1 - bias - F.significandBitCount
        } else {
            mantissa = fraction | (UInt64(1) << UInt64(F.significandBitCount))
            exponent = biased - bias - F.significandBitCount
        }
        let m = MPZ()
        __gmpz_set_ui(m.pointer, UInt(mantissa))
        let magnitude = Rational.integer(m.pointer).timesPowerOfTwo(exponent)
        return value.sign == .minus ? -magnitude : magnitude
    }

    /// The Double nearest to this value in `direction` (correctly rounded; GMP's own
    /// conversion truncates). Overflow gives ±infinity, or ±greatestFiniteMagnitude when
    /// the direction rounds toward zero. Theorem ENC-DIR.
    public func doubleValue(rounding direction: RoundingDirection = .toNearestEven) -> Double {
        converted(to: Double.self, direction)
    }

    /// The Float nearest to this value in `direction`; see `doubleValue(rounding:)`.
    public func floatValue(rounding direction: RoundingDirection = .toNearestEven) -> Float {
        converted(to: Float.self, direction)
    }

    func converted<F: BinaryFloatingPoint>(to type: F.Type, _ direction: RoundingDirection) -> F
    where F.RawSignificand: FixedWidthInteger, F.RawExponent: FixedWidthInteger {
        if isZero { return 0 }
        let negative = sign < 0
        let floatSign: FloatingPointSign = negative ? .minus : .plus
        let p = F.significandBitCount + 1
        let bias = (1 << (F.exponentBitCount - 1)) - 1
        let emin = 1 - bias
        let emax = bias
        let magnitudeDirection = direction.onMagnitude(negative: negative)
        let (q, e) = roundedMagnitude(
            precision: p, direction: magnitudeDirection, minimumExponent: emin - (p - 1))
        let width = q.bitWidth
        if width == 0 { return F(sign: floatSign, exponent: 0, significand: 0) }
        let top = e + width - 1
        if top > emax {
            let largest = F.greatestFiniteMagnitude
            let saturate = magnitudeDirection == .down
            return negative ? -(saturate ? largest : .infinity) : (saturate ? largest : .infinity)
        }
        var bits = UInt64(__gmpz_get_ui(q.pointer))
        if top >= emin {
            // Normal: bring the significand to exactly p bits (q ≤ 2^p, so the shift is exact).
            if width > p { bits >>= UInt64(width - p) } else { bits <<= UInt64(p - width) }
            let fraction = bits & ((UInt64(1) << UInt64(p - 1)) - 1)
            return F(
                sign: floatSign,
                exponentBitPattern: F.RawExponent(top + bias),
                significandBitPattern: F.RawSignificand(fraction))
        }
        // Subnormal: e equals the minimum exponent and q < 2^(p−1).
        return F(sign: floatSign, exponentBitPattern: 0, significandBitPattern: F.RawSignificand(bits))
    }
}
