import CGMP

/// Owns one heap-allocated `mpq_t`. The struct never moves after `__gmpq_init`,
/// because it lives in its own allocation rather than inline in a Swift value.
///
/// Sendable: a storage is mutated only while uniquely referenced (copy on write in
/// `Rational`), so a shared storage is immutable.
@usableFromInline
final class MPQStorage: @unchecked Sendable {
    @usableFromInline let pointer: UnsafeMutablePointer<__mpq_struct>

    @usableFromInline init() {
        pointer = .allocate(capacity: 1)
        __gmpq_init(pointer)
    }

    deinit {
        __gmpq_clear(pointer)
        pointer.deallocate()
    }

    @usableFromInline var numerator: UnsafeMutablePointer<__mpz_struct> { sb_mpq_numref(pointer) }
    @usableFromInline var denominator: UnsafeMutablePointer<__mpz_struct> { sb_mpq_denref(pointer) }
}

/// A scratch GMP integer for internal computations, freed on deinit.
@usableFromInline
final class MPZ {
    @usableFromInline let pointer: UnsafeMutablePointer<__mpz_struct>

    @usableFromInline init() {
        pointer = .allocate(capacity: 1)
        __gmpz_init(pointer)
    }

    convenience init(_ value: Int) {
        self.init()
        __gmpz_set_si(pointer, value)
    }

    /// A copy of `source`.
    convenience init(copying source: UnsafePointer<__mpz_struct>) {
        self.init()
        __gmpz_set(pointer, source)
    }

    deinit {
        __gmpz_clear(pointer)
        pointer.deallocate()
    }

    var sign: Int { Int(sb_mpz_sgn(pointer)) }
    var isOdd: Bool { sb_mpz_odd_p(pointer) != 0 }

    /// Number of bits of |self|; 0 for zero.
    var bitWidth: Int { sign == 0 ? 0 : Int(__gmpz_sizeinbase(pointer, 2)) }

    func decimalString() -> String {
        let size = Int(__gmpz_sizeinbase(pointer, 10)) + 2
        var buffer = [CChar](repeating: 0, count: size)
        __gmpz_get_str(&buffer, 10, pointer)
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
