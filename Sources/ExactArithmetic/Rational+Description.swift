import CGMP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Rational: CustomStringConvertible, LosslessStringConvertible {
    /// "p/q", or "p" for an integer. Round-trips through `init(parsing:)`.
    public var description: String {
        let n = MPZ(copying: storage.numerator).decimalString()
        if isInteger { return n }
        return n + "/" + MPZ(copying: storage.denominator).decimalString()
    }

    public init?(_ description: String) {
        guard let value = try? Rational(parsing: description) else { return nil }
        self = value
    }

    /// A decimal string with `digits` significant digits, rounded in `direction`
    /// (so `.down` gives a value ≤ self and `.up` a value ≥ self), in scientific notation
    /// when the exponent is large.
    public func decimalString(significantDigits digits: Int, _ direction: RoundingDirection) -> String {
        if isZero { return "0" }
        let digits = max(1, digits)
        let negative = sign < 0
        let m = magnitude
        // Decimal exponent k with 10^k ≤ |x| < 10^(k+1); start from the binary estimate.
        let binary = numeratorBitWidth - denominatorBitWidth
        var k = Int((Double(binary) * 0.30102999566398120).rounded(.down))
        while Rational.powerOfTen(k) > m { k -= 1 }
        while Rational.powerOfTen(k + 1) <= m { k += 1 }
        // Scaled integer: |x|·10^(digits−1−k), rounded on the signed value.
        let scaled = (self * Rational.powerOfTen(digits - 1 - k))
        let rule: FloatingPointRoundingRule
        switch direction {
        case .down: rule = .down
        case .up: rule = .up
        case .toNearestEven: rule = .toNearestOrEven
        }
        var integerDigits = scaled.rounded(rule).magnitude.description
        var exponent = k
        if integerDigits.count > digits {  // rounding carried into a new digit (e.g. 9.99 → 10.0)
            integerDigits.removeLast()
            exponent += 1
        }
        let body: String
        if exponent >= -5 && exponent < digits {
            if exponent >= 0 {
                let intPart = integerDigits.prefix(exponent + 1)
                let frac = integerDigits.dropFirst(exponent + 1)
                body = frac.isEmpty ? String(intPart) : intPart + "." + frac
            } else {
                body = "0." + String(repeating: "0", count: -exponent - 1) + integerDigits
            }
        } else {
            let first = integerDigits.prefix(1)
            let rest = integerDigits.dropFirst()
            body = (rest.isEmpty ? String(first) : first + "." + rest) + "e" + String(exponent)
        }
        return (negative ? "-" : "") + body
    }

    /// 10^k for any integer k.
    static func powerOfTen(_ k: Int) -> Rational {
        let z = MPZ()
        __gmpz_ui_pow_ui(z.pointer, 10, UInt(k.magnitude))
        let p = Rational.integer(z.pointer)
        return k >= 0 ? p : Rational.make { __gmpq_inv($0, p.storage.pointer) }
    }

    /// log2|self| to about double precision (for reports of widths); −∞ for zero.
    public var log2Magnitude: Double {
        if isZero { return -.infinity }
        let shift = numeratorBitWidth - denominatorBitWidth
        let normalised = magnitude.timesPowerOfTwo(-shift).doubleValue()
        return Double(shift) + log2(normalised)
    }
}

