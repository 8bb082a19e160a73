import CGMP

/// An exact rational number on GMP's `mpq_t`, always in canonical form
/// (denominator > 0, gcd(numerator, denominator) = 1).
///
/// Value semantics: the GMP object lives in a reference-counted storage that is
/// copied before any in-place mutation unless it is uniquely referenced (copy on write).
public struct Rational: Sendable {
    @usableFromInline var storage: MPQStorage

    @usableFromInline init(storage: MPQStorage) {
        self.storage = storage
    }

    /// Zero.
    public init() {
        storage = MPQStorage()
    }

    /// The integer `value`.
    public init(_ value: Int) {
        storage = MPQStorage()
        __gmpq_set_si(storage.pointer, value, 1)
    }

    /// numerator / denominator, reduced. Throws on a zero denominator.
    public init(numerator: Int, denominator: Int) throws {
        guard denominator != 0 else { throw ArithmeticError.zeroDenominator }
        storage = MPQStorage()
        __gmpz_set_si(storage.numerator, numerator)
        __gmpz_set_si(storage.denominator, denominator)
        // canonicalize also fixes a negative denominator.
        __gmpq_canonicalize(storage.pointer)
    }

    /// Builds a value from a closure that writes the GMP object (already initialised to 0).
    @usableFromInline
    static func make(_ body: (UnsafeMutablePointer<__mpq_struct>) -> Void) -> Rational {
        let result = MPQStorage()
        body(result.pointer)
        return Rational(storage: result)
    }

    /// n / d from two GMP integers; `d` must be non-zero (checked by the callers).
    static func fraction(_ n: UnsafePointer<__mpz_struct>, _ d: UnsafePointer<__mpz_struct>) -> Rational {
        make { q in
            __gmpz_set(sb_mpq_numref(q), n)
            __gmpz_set(sb_mpq_denref(q), d)
            __gmpq_canonicalize(q)
        }
    }

    /// The integer value of a GMP integer.
    static func integer(_ n: UnsafePointer<__mpz_struct>) -> Rational {
        make { q in __gmpq_set_z(q, n) }
    }

    public static let zero = Rational(0)
    public static let one = Rational(1)

    /// -1, 0 or +1.
    public var sign: Int { Int(sb_mpq_sgn(storage.pointer)) }
    public var isZero: Bool { sign == 0 }
    public var isInteger: Bool { __gmpz_cmp_ui(storage.denominator, 1) == 0 }

    /// Number of bits of |numerator| (0 for zero).
    public var numeratorBitWidth: Int {
        isZero ? 0 : Int(__gmpz_sizeinbase(storage.numerator, 2))
    }

    /// Number of bits of the (positive) denominator.
    public var denominatorBitWidth: Int {
        Int(__gmpz_sizeinbase(storage.denominator, 2))
    }

    /// The numerator, as a Rational integer.
    public var numerator: Rational { Rational.integer(storage.numerator) }
    /// The denominator, as a Rational integer.
    public var denominator: Rational { Rational.integer(storage.denominator) }

    /// True when the denominator is a power of two.
    public var isDyadic: Bool {
        let d = storage.denominator
        return __gmpz_scan1(d, 0) == __gmpz_sizeinbase(d, 2) - 1
    }
}

extension Rational: Equatable, Hashable, Comparable {
    public static func == (lhs: Rational, rhs: Rational) -> Bool {
        __gmpq_equal(lhs.storage.pointer, rhs.storage.pointer) != 0
    }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        __gmpq_cmp(lhs.storage.pointer, rhs.storage.pointer) < 0
    }

    /// Hashes the canonical numerator and denominator limbs, so equal values hash equally.
    public func hash(into hasher: inout Hasher) {
        for z in [UnsafePointer(storage.numerator), UnsafePointer(storage.denominator)] {
            let size = Int(sb_mpz_size_field(z))
            hasher.combine(size)
            for i in 0..<abs(size) {
                hasher.combine(sb_mpz_limb(z, i))
            }
        }
    }
}

extension Rational: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}
