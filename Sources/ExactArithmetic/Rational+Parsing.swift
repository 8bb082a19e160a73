import CGMP

extension Rational {
    /// The largest decimal or binary exponent a numeral may carry.
    static let maximumDecimalExponent = 100_000
    static let maximumBinaryExponent = 1_000_000

    /// Parses, exactly:
    /// - "p/q" and "p" (integers with an optional sign);
    /// - decimals "-1.25e-3" (the decimal's own value, not its binary neighbour);
    /// - C99 hexadecimal floats "0x1.8p-3" (the exponent part is optional).
    ///
    /// Surrounding white space is ignored, and U+2212 (−) is accepted as a minus sign.
    /// Anything else, including "nan" and "inf", is a thrown error naming the problem.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingWhitespace().replacingMinusSign()
        guard !trimmed.isEmpty else { throw ArithmeticError.malformedNumber(text, reason: "empty") }
        if let slash = trimmed.firstIndex(of: "/") {
            let n = try Rational.parseInteger(String(trimmed[..<slash]), whole: text)
            let d = try Rational.parseInteger(String(trimmed[trimmed.index(after: slash)...]), whole: text)
            guard d.sign != 0 else { throw ArithmeticError.malformedNumber(text, reason: "zero denominator") }
            self = Rational.fraction(n.pointer, d.pointer)
            return
        }
        let (negative, body) = Rational.splitSign(Substring(trimmed))
        if ["nan", "inf", "infinity"].contains(body.lowercased()) {
            throw ArithmeticError.malformedNumber(text, reason: "NaN and infinities are not numbers here; give a finite value")
        }
        let value: Rational
        if body.lowercased().hasPrefix("0x") {
            value = try Rational.parseHex(body.dropFirst(2), whole: text)
        } else {
            value = try Rational.parseDecimal(body, whole: text)
        }
        self = negative ? -value : value
    }

    /// An optionally signed decimal integer.
    static func parseInteger(_ text: String, whole: String) throws -> MPZ {
        let (negative, digits) = splitSign(Substring(text))
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ArithmeticError.malformedNumber(whole, reason: "'\(text)' is not an integer")
        }
        let z = MPZ()
        _ = __gmpz_set_str(z.pointer, String(digits), 10)
        if negative { __gmpz_neg(z.pointer, z.pointer) }
        return z
    }

    /// An optional leading '+' or '-', and the rest.
    static func splitSign(_ text: Substring) -> (negative: Bool, rest: Substring) {
        guard let first = text.first, first == "-" || first == "+" else { return (false, text) }
        return (first == "-", text.dropFirst())
    }

    static func parseDecimal(_ body: Substring, whole: String) throws -> Rational {
        var mantissa = body
        var exponent = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = body[..<e]
            let exponentText = body[body.index(after: e)...]
            exponent = try parseExponent(exponentText, limit: maximumDecimalExponent, whole: whole)
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw ArithmeticError.malformedNumber(whole, reason: "more than one '.'") }
        let integerPart = parts[0]
        let fractionPart = parts.count == 2 ? parts[1] : ""
        let digits = integerPart + fractionPart
        guard !digits.isEmpty else { throw ArithmeticError.malformedNumber(whole, reason: "no digits") }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ArithmeticError.malformedNumber(whole, reason: "unexpected character in '\(mantissa)'")
        }
        let n = MPZ()
        _ = __gmpz_set_str(n.pointer, String(digits), 10)
        let scale = exponent - fractionPart.count
        let power = MPZ()
        __gmpz_ui_pow_ui(power.pointer, 10, UInt(scale.magnitude))
        if scale >= 0 {
            __gmpz_mul(n.pointer, n.pointer, power.pointer)
            return Rational.integer(n.pointer)
        }
        return Rational.fraction(n.pointer, power.pointer)
    }

    static func parseHex(_ body: Substring, whole: String) throws -> Rational {
        var mantissa = body
        var exponent = 0
        if let p = body.firstIndex(where: { $0 == "p" || $0 == "P" }) {
            mantissa = body[..<p]
            exponent = try parseExponent(body[body.index(after: p)...], limit: maximumBinaryExponent, whole: whole)
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw ArithmeticError.malformedNumber(whole, reason: "more than one '.'") }
        let fractionPart = parts.count == 2 ? parts[1] : ""
        let digits = parts[0] + fractionPart
        guard !digits.isEmpty else { throw ArithmeticError.malformedNumber(whole, reason: "no hexadecimal digits") }
        guard digits.allSatisfy({ $0.isHexDigit && $0.isASCII }) else {
            throw ArithmeticError.malformedNumber(whole, reason: "unexpected character in hexadecimal '\(mantissa)'")
        }
        let n = MPZ()
        _ = __gmpz_set_str(n.pointer, String(digits), 16)
        return Rational.integer(n.pointer).timesPowerOfTwo(exponent - 4 * fractionPart.count)
    }

    static func parseExponent(_ text: Substring, limit: Int, whole: String) throws -> Int {
        let (negative, digits) = splitSign(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ArithmeticError.malformedNumber(whole, reason: "bad exponent '\(text)'")
        }
        guard digits.count <= 9, let value = Int(digits), value <= limit else {
            throw ArithmeticError.malformedNumber(whole, reason: "exponent beyond ±\(limit)")
        }
        return negative ? -value : value
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    func replacingMinusSign() -> String {
        String(map { $0 == "\u{2212}" ? "-" : $0 })
    }
}
