import ExactArithmetic

/// Rational parsing (decimals, exponents, fractions), and the value printed and read back.
func fuzzOne(_ bytes: [UInt8]) {
    guard let r = try? Rational(parsing: String(decoding: bytes, as: UTF8.self)) else { return }
    precondition((try? Rational(parsing: r.description)) == r, "\(r) does not read back")
}
