import CGMP

/// The exact product of a matrix of intervals with dyadic endpoints and a matrix of dyadic
/// points (model weights), computed in GMP integers: every entry is scaled to a common power
/// of two, so that each multiply-add is one `mpz_addmul` instead of rational arithmetic.
///
/// In midpoint–radius form each output is mid·b ± rad·|b| summed over p, which is exactly the
/// interval sum Σ_p [a_ip]·b_pj of interval arithmetic (for b > 0 the term is [b·lo, b·hi], for
/// b < 0 it is [b·hi, b·lo]). So the result equals the generic interval product, entry for
/// entry; only the cost differs.
public enum DyadicMatrixProduct {
    /// C = A·B for A (m×k intervals) and B (k×n points), or nil when an endpoint of A or an
    /// entry of B is not dyadic (the caller then uses the generic product).
    public static func multiply(_ a: [Interval], _ b: [Rational], m: Int, k: Int, n: Int) -> [Interval]? {
        guard a.count == m * k, b.count == k * n else { return nil }
        // Common exponents: A·2^P and B·2^F are integers.
        var p = 0, f = 0
        for x in a {
            guard x.lo.isDyadic, x.hi.isDyadic else { return nil }
            p = max(p, x.lo.denominatorBitWidth - 1, x.hi.denominatorBitWidth - 1)
        }
        for x in b {
            guard x.isDyadic else { return nil }
            f = max(f, x.denominatorBitWidth - 1)
        }
        let mids = IntegerBuffer(count: m * k), radii = IntegerBuffer(count: m * k)
        let weights = IntegerBuffer(count: k * n), magnitudes = IntegerBuffer(count: k * n)
        let shared = SharedOperands(mids: mids, radii: radii, weights: weights, magnitudes: magnitudes)
        let large = m * k * n >= 1 << 16, aExponent = p, bExponent = f
        // mid2 = (lo + hi)·2^P, rad2 = (hi − lo)·2^P: twice the midpoint and radius, as integers.
        // Each part writes its own entries (distinct GMP integers).
        ParallelRows.forEach(m * k, parallel: large) { range in
            let lo = IntegerBuffer(count: 1), hi = IntegerBuffer(count: 1)
            for i in range {
                scaled(a[i].lo, aExponent, into: lo[0])
                scaled(a[i].hi, aExponent, into: hi[0])
                __gmpz_add(shared.mids[i], lo[0], hi[0])
                __gmpz_sub(shared.radii[i], hi[0], lo[0])
            }
        }
        ParallelRows.forEach(k * n, parallel: large) { range in
            for i in range {
                scaled(b[i], bExponent, into: shared.weights[i])
                __gmpz_abs(shared.magnitudes[i], shared.weights[i])
            }
        }
        let shift = mp_bitcnt_t(p + f + 1)
        // Rows in parallel for large products; A's and B's integers are only read from here on.
        return ParallelRows.map(m, parallel: large) { rows in
            rowProduct(shared, rows: rows, k: k, n: n, shift: shift)
        }
    }

    /// A and B as integers (2·mid and 2·rad of A, B and |B|), read concurrently by the row parts.
    struct SharedOperands: @unchecked Sendable {
        // @unchecked: each entry is written by one part, then only read by the row parts (GMP
        // reads of one integer from several threads are safe).
        let mids: IntegerBuffer, radii: IntegerBuffer, weights: IntegerBuffer, magnitudes: IntegerBuffer
    }

    /// The rows `rows` of C = A·B, each with its own accumulators.
    static func rowProduct(_ o: SharedOperands, rows: Range<Int>, k: Int, n: Int, shift: mp_bitcnt_t) -> [Interval] {
        let accM = IntegerBuffer(count: n), accR = IntegerBuffer(count: n)
        let sum = IntegerBuffer(count: 1)
        var c = [Interval]()
        c.reserveCapacity(rows.count * n)
        for i in rows {
            for j in 0..<n {
                __gmpz_set_ui(accM[j], 0)
                __gmpz_set_ui(accR[j], 0)
            }
            for q in 0..<k {
                let mid = o.mids[i * k + q], rad = o.radii[i * k + q]
                let hasMid = sb_mpz_sgn(mid) != 0, hasRad = sb_mpz_sgn(rad) != 0
                if hasMid { for j in 0..<n { __gmpz_addmul(accM[j], o.weights[q * n + j], mid) } }
                if hasRad { for j in 0..<n { __gmpz_addmul(accR[j], o.magnitudes[q * n + j], rad) } }
            }
            for j in 0..<n {
                __gmpz_sub(sum[0], accM[j], accR[j])
                let low = Rational.make { r in
                    __gmpq_set_z(r, sum[0])
                    __gmpq_div_2exp(r, r, shift)
                }
                __gmpz_add(sum[0], accM[j], accR[j])
                let high = Rational.make { r in
                    __gmpq_set_z(r, sum[0])
                    __gmpq_div_2exp(r, r, shift)
                }
                c.append(Interval(unchecked: low, high))
            }
        }
        return c
    }

    /// x·2^e as an integer (x dyadic with denominator ≤ 2^e).
    static func scaled(_ x: Rational, _ e: Int, into z: UnsafeMutablePointer<__mpz_struct>) {
        let d = x.denominatorBitWidth - 1
        __gmpz_mul_2exp(z, x.storage.numerator, mp_bitcnt_t(e - d))
    }
}

/// A contiguous array of initialised GMP integers, cleared on deinit.
final class IntegerBuffer {
    let base: UnsafeMutablePointer<__mpz_struct>
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        for i in 0..<count { __gmpz_init(base + i) }
    }

    subscript(i: Int) -> UnsafeMutablePointer<__mpz_struct> { base + i }

    deinit {
        for i in 0..<count { __gmpz_clear(base + i) }
        base.deallocate()
    }
}
