import CGMP

extension Rational {
    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        make { __gmpq_add($0, lhs.storage.pointer, rhs.storage.pointer) }
    }

    public static func - (lhs: Rational, rhs: Rational) -> Rational {
        make { __gmpq_sub($0, lhs.storage.pointer, rhs.storage.pointer) }
    }

    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        make { __gmpq_mul($0, lhs.storage.pointer, rhs.storage.pointer) }
    }

    /// Division; throws instead of letting GMP raise SIGFPE on a zero divisor.
    public static func / (lhs: Rational, rhs: Rational) throws -> Rational {
        guard !rhs.isZero else { throw ArithmeticError.divisionByZero("\(lhs) / 0") }
        return make { __gmpq_div($0, lhs.storage.pointer, rhs.storage.pointer) }
    }

    public static prefix func - (value: Rational) -> Rational {
        make { __gmpq_neg($0, value.storage.pointer) }
    }

    /// |self|.
    public var magnitude: Rational {
        sign >= 0 ? self : -self
    }

    /// 1 / self; throws for zero.
    public func reciprocal() throws -> Rational {
        guard !isZero else { throw ArithmeticError.divisionByZero("1 / 0") }
        return Rational.make { __gmpq_inv($0, storage.pointer) }
    }

    /// self · 2^k, exactly (k may be negative).
    public func timesPowerOfTwo(_ k: Int) -> Rational {
        if k >= 0 {
            return Rational.make { __gmpq_mul_2exp($0, storage.pointer, mp_bitcnt_t(k)) }
        }
        return Rational.make { __gmpq_div_2exp($0, storage.pointer, mp_bitcnt_t(-k)) }
    }

    /// 2^k as a Rational.
    public static func powerOfTwo(_ k: Int) -> Rational {
        Rational.one.timesPowerOfTwo(k)
    }

    /// The largest bit size a power may produce before it is refused (about 8 MB of limbs).
    static let maximumPowerBits = 1 << 26

    /// self^n for any integer n. Throws for 0^n with n < 0, and when the result
    /// would exceed `maximumPowerBits` bits.
    public func power(_ n: Int) throws -> Rational {
        if n == 0 { return .one }
        if isZero {
            if n < 0 { throw ArithmeticError.divisionByZero("0^\(n)") }
            return .zero
        }
        let base = n < 0 ? try reciprocal() : self
        let e = n.magnitude
        let bits = max(base.numeratorBitWidth, base.denominatorBitWidth)
        // |n|·bits may overflow for absurd n; compare by division.
        if bits > 1, e > UInt(Rational.maximumPowerBits / (bits - 1)) {
            throw ArithmeticError.tooLarge("power \(n) of a \(bits)-bit value")
        }
        if bits <= 1, e > UInt(Rational.maximumPowerBits) {
            // base is ±1 (or ±1/1 with 1-bit parts); the result is ±1.
            return (base.sign < 0 && e % 2 == 1) ? -.one : .one
        }
        return Rational.make { q in
            __gmpz_pow_ui(sb_mpq_numref(q), base.storage.numerator, e)
            __gmpz_pow_ui(sb_mpq_denref(q), base.storage.denominator, e)
            // A power of a canonical fraction is canonical.
        }
    }

    /// In-place addition; mutates the GMP object only when this value is its sole owner.
    public static func += (lhs: inout Rational, rhs: Rational) {
        if isKnownUniquelyReferenced(&lhs.storage) {
            __gmpq_add(lhs.storage.pointer, lhs.storage.pointer, rhs.storage.pointer)
        } else {
            lhs = lhs + rhs
        }
    }

    public static func -= (lhs: inout Rational, rhs: Rational) {
        if isKnownUniquelyReferenced(&lhs.storage) {
            __gmpq_sub(lhs.storage.pointer, lhs.storage.pointer, rhs.storage.pointer)
        } else {
            lhs = lhs - rhs
        }
    }

    public static func *= (lhs: inout Rational, rhs: Rational) {
        if isKnownUniquelyReferenced(&lhs.storage) {
            __gmpq_mul(lhs.storage.pointer, lhs.storage.pointer, rhs.storage.pointer)
        } else {
            lhs = lhs * rhs
        }
    }

    /// lhs += a·b without allocating a temporary for the product when lhs is uniquely owned.
    public static func addProduct(_ lhs: inout Rational, _ a: Rational, _ b: Rational) {
        lhs += a * b
    }
}
