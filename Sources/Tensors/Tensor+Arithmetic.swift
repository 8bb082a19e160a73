import ExactArithmetic

extension Tensor where Scalar: SpikeScalar {
    /// All zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: .zero) }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        if Scalar.self == Double.self { return try a.doubleZip(b, DoubleKernels.add) }
        return try a.zipWith(b, +)
    }

    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        if Scalar.self == Double.self { return try a.doubleZip(b, DoubleKernels.subtract) }
        return try a.zipWith(b, -)
    }

    /// a ← a + b element-wise, in place (the same values as a + b).
    public static func += (a: inout Tensor, b: Tensor) throws {
        guard a.shape == b.shape else { throw OperatorError.shapeMismatch("\(a.shape) and \(b.shape)") }
        if Scalar.self == Double.self {
            let y = unsafeBitCast(b.values, to: [Double].self)
            a.values.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: Double.self) { DoubleKernels.addInPlace($0, y) }
            }
            return
        }
        for i in a.values.indices { a.values[i] = a.values[i] + b.values[i] }
    }

    /// self·c − other·d element-wise: the same values as `scaled(by: c) - other.scaled(by: d)`,
    /// without the two intermediate tensors.
    public func scaledDifference(_ c: Scalar, _ other: Tensor, _ d: Scalar) throws -> Tensor {
        if Scalar.self == Double.self {
            let c = unsafeBitCast(c, to: Double.self), d = unsafeBitCast(d, to: Double.self)
            return try doubleZip(other) { DoubleKernels.scaledDifference($0, c, $1, d) }
        }
        return try zipWith(other) { $0 * c - $1 * d }
    }

    /// A binary Double kernel on two tensors of the same shape (Scalar is Double: the casts are
    /// reinterpretations, not element-wise conversions).
    func doubleZip(_ other: Tensor, _ kernel: ([Double], [Double]) -> [Double]) throws -> Tensor {
        guard shape == other.shape else { throw OperatorError.shapeMismatch("\(shape) and \(other.shape)") }
        let x = unsafeBitCast(values, to: [Double].self), y = unsafeBitCast(other.values, to: [Double].self)
        return Tensor(unchecked: shape, unsafeBitCast(kernel(x, y), to: [Scalar].self))
    }

    /// Element-wise product.
    public func hadamard(_ other: Tensor) throws -> Tensor { try zipWith(other, *) }

    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    /// Every entry divided by the integer n ≥ 1.
    public func divided(by n: Int) -> Tensor {
        if Scalar.self == Double.self {
            let x = unsafeBitCast(values, to: [Double].self), d = Double(n)
            return Tensor(unchecked: shape, unsafeBitCast(x.map { $0 / d }, to: [Scalar].self))
        }
        return map { $0.divided(by: n) }
    }

    /// Every entry times a scalar.
    public func scaled(by c: Scalar) -> Tensor {
        if Scalar.self == Double.self {
            let x = unsafeBitCast(values, to: [Double].self), c = unsafeBitCast(c, to: Double.self)
            return Tensor(unchecked: shape, unsafeBitCast(x.map { $0 * c }, to: [Scalar].self))
        }
        return map { $0 * c }
    }

    /// Matrix product of [m, k] and [k, n]; throws on any other shapes.
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard rank == 2, other.rank == 2, shape[1] == other.shape[0] else {
            throw OperatorError.shapeMismatch("matmul of \(shape) and \(other.shape)")
        }
        let m = shape[0], k = shape[1], n = other.shape[1]
        // Same-type reinterpretations (the checks make them identities), not element-wise casts.
        if Scalar.self == Double.self {
            let a = unsafeBitCast(values, to: [Double].self), b = unsafeBitCast(other.values, to: [Double].self)
            return Tensor(unchecked: [m, n], unsafeBitCast(DoubleKernels.matmul(a, b, m: m, k: k, n: n), to: [Scalar].self))
        }
        if Scalar.self == Interval.self {
            let a = unsafeBitCast(values, to: [Interval].self), b = unsafeBitCast(other.values, to: [Interval].self)
            if b.allSatisfy(\.isPoint), let c = DyadicMatrixProduct.multiply(a, b.map(\.lo), m: m, k: k, n: n) {
                return Tensor(unchecked: [m, n], unsafeBitCast(c, to: [Scalar].self))
            }
        }
        if Scalar.self == Ball.self {
            // Point weights: their fixed-point form made once here, not once per part of a's rows.
            if let prepared = PreparedMatrix.prepare(other) { return try matmul(other, prepared: prepared) }
            // Arb's matrix product, a's rows split over the cores.
            let a = unsafeBitCast(values, to: [Ball].self), b = unsafeBitCast(other.values, to: [Ball].self)
            let c = ParallelRows.map(m, parallel: m * k * n >= 1 << 14) { rows in
                Ball.matmul(Array(a[(rows.lowerBound * k)..<(rows.upperBound * k)]), b, m: rows.count, k: k, n: n)
            }
            return Tensor(unchecked: [m, n], unsafeBitCast(c, to: [Scalar].self))
        }
        // Exact or interval entries: rows in parallel for large products (ParallelRows).
        let a = values, b = other.values
        let result = ParallelRows.map(m, parallel: m * k * n >= 1 << 14) { rows in
            var c = [Scalar](repeating: .zero, count: rows.count * n)
            for (r, i) in rows.enumerated() {
                for p in 0..<k {
                    let aip = a[i * k + p]
                    for j in 0..<n { c[r * n + j] = c[r * n + j] + aip * b[p * n + j] }
                }
            }
            return c
        }
        return Tensor(unchecked: [m, n], result)
    }

    /// The transpose of a matrix.
    public func transposed() throws -> Tensor {
        guard rank == 2 else { throw OperatorError.shapeMismatch("transpose of a rank-\(rank) tensor") }
        let m = shape[0], n = shape[1]
        var result = [Scalar]()
        result.reserveCapacity(count)
        for j in 0..<n { for i in 0..<m { result.append(values[i * n + j]) } }
        return Tensor(unchecked: [n, m], result)
    }
}
