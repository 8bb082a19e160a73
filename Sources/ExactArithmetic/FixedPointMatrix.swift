import CBall

/// A [k, n] matrix of exact Doubles (model weights) in the integer form that the fixed-point
/// ball product reads (B-FIX, proofs/enclosures.md), computed once for all the products that
/// read the matrix instead of once per product.
///
/// Column j is stored as exact integers β_pj and an exponent F_j with β_pj·2^F_j = b_pj, with the
/// magnitudes |b_pj|, column by column. A column whose exponents span more than 63 bits, or with
/// an entry that is not finite, is marked: a product over it uses Arb's product instead, exactly
/// as the unprepared product does. The products are the same balls, to the bit, as
/// `Ball.matmul` over the same entries given as point balls.
public struct FixedPointMatrix: Sendable {
    public let k: Int
    public let n: Int
    /// The entries, row-major: Arb's product reads them where B-FIX does not apply.
    let points: [Double]
    /// β, column-major: column j at j·k.
    let integers: [Int64]
    /// |b|, column-major.
    let magnitudes: [Double]
    /// F_j per column.
    let exponents: [Int]
    /// 1 where column j is in integer form, 0 where it does not apply.
    let applies: [UInt8]
    /// The largest working precision the entries carry (0 for exact Doubles).
    let precision: Int

    /// The matrix of `points`, row-major [k, n].
    public init(points: [Double], k: Int, n: Int, precision: Int = 0) {
        precondition(k >= 0 && n >= 0 && points.count == k * n, "FixedPointMatrix shape")
        self.k = k
        self.n = n
        self.points = points
        self.precision = precision
        var integers = [Int64](repeating: 0, count: k * n), magnitudes = [Double](repeating: 0, count: k * n)
        var exponents = [Int](repeating: 0, count: n), applies = [UInt8](repeating: 0, count: n)
        if k > 0, n > 0 {
            points.withUnsafeBufferPointer { b in
                _ = sb_fixed_columns(b.baseAddress, k, n, n, &integers, &magnitudes, &exponents, &applies)
            }
        }
        self.integers = integers
        self.magnitudes = magnitudes
        self.exponents = exponents
        self.applies = applies
    }

    /// The matrix of balls `b`, row-major [k, n], when every entry is a point; nil otherwise.
    public init?(_ b: [Ball], k: Int, n: Int) {
        precondition(b.count == k * n, "FixedPointMatrix shape")
        var points = [Double]()
        points.reserveCapacity(b.count)
        var precision = 0
        for x in b {
            guard let p = x.point else { return nil }
            points.append(p)
            precision = Swift.max(precision, x.precision)
        }
        self.init(points: points, k: k, n: n, precision: precision)
    }
}
