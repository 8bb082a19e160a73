import ExactArithmetic

/// A right-hand matrix B (model weights) in the form its scalar's product reads fastest,
/// computed once for every product that reads it (`Tensor.matmul(_:prepared:)`), with results
/// equal to the bit to the unprepared product's (for Doubles: to the built-in kernel's, or to
/// BLAS's where `BLASRouting` sends the product there, which it does for float32 weights only
/// from more rows on than for others):
///
/// - `narrow`: Double entries that are all Floats exactly (float32 checkpoints): the built-in
///   kernel reads the Floats, half the memory, and widens each exactly;
/// - `fixedPoint`: Ball entries that are all point Doubles: the fixed-point ball product's
///   integer columns (B-FIX), converted once instead of once per product.
public enum PreparedMatrix: Sendable {
    case narrow([Float])
    case fixedPoint(FixedPointMatrix)

    /// B's prepared form, or nil when its scalar or entries have none.
    public static func prepare<Scalar: SpikeScalar>(_ b: Tensor<Scalar>) -> PreparedMatrix? {
        guard b.rank == 2 else { return nil }
        if Scalar.self == Double.self {
            return DoubleKernels.narrowed(unsafeBitCast(b.values, to: [Double].self)).map(PreparedMatrix.narrow)
        }
        if Scalar.self == Ball.self {
            return FixedPointMatrix(unsafeBitCast(b.values, to: [Ball].self), k: b.shape[0], n: b.shape[1]).map(PreparedMatrix.fixedPoint)
        }
        return nil
    }
}

extension Tensor where Scalar: SpikeScalar {
    /// `matmul(other)` for an `other` whose prepared form is `prepared` (PreparedMatrix.prepare of
    /// that very matrix): the same result, to the bit, read from the prepared form (for Doubles,
    /// the product of whichever kernel `DoubleKernels.usesBLAS(…, narrow: true)` picks).
    public func matmul(_ other: Tensor, prepared: PreparedMatrix?) throws -> Tensor {
        guard let prepared, rank == 2, other.rank == 2, shape[1] == other.shape[0] else { return try matmul(other) }
        let m = shape[0], k = shape[1], n = other.shape[1]
        switch prepared {
        case .narrow(let narrow) where Scalar.self == Double.self && narrow.count == k * n:
            // Same-type reinterpretations (the checks make them identities), not element-wise casts.
            let a = unsafeBitCast(values, to: [Double].self), b = unsafeBitCast(other.values, to: [Double].self)
            let c = DoubleKernels.matmul(a, b, narrow: narrow, m: m, k: k, n: n)
            return Tensor(unchecked: [m, n], unsafeBitCast(c, to: [Scalar].self))
        case .fixedPoint(let fixed) where Scalar.self == Ball.self && fixed.k == k && fixed.n == n:
            // a's rows split over the cores, as in the unprepared product.
            let a = unsafeBitCast(values, to: [Ball].self)
            let c = ParallelRows.map(m, parallel: m * k * n >= 1 << 14) { rows in
                Ball.matmul(Array(a[(rows.lowerBound * k)..<(rows.upperBound * k)]), fixed, m: rows.count)
            }
            return Tensor(unchecked: [m, n], unsafeBitCast(c, to: [Scalar].self))
        default:
            return try matmul(other)
        }
    }
}
