extension Tensor where Scalar: SpikeScalar {
    /// Adds a vector to every row (the last axis).
    public func addingRowVector(_ v: Tensor) throws -> Tensor {
        guard v.count == rowLength else {
            throw OperatorError.shapeMismatch("adding a vector of \(v.count) to rows of \(rowLength)")
        }
        var out = values
        let n = rowLength
        for i in 0..<out.count { out[i] = out[i] + v.values[i % n] }
        return Tensor(unchecked: shape, out)
    }

    /// Multiplies every row element-wise by a vector.
    public func scalingRows(by v: Tensor) throws -> Tensor {
        guard v.count == rowLength else {
            throw OperatorError.shapeMismatch("scaling rows of \(rowLength) by a vector of \(v.count)")
        }
        var out = values
        let n = rowLength
        for i in 0..<out.count { out[i] = out[i] * v.values[i % n] }
        return Tensor(unchecked: shape, out)
    }

    /// The columns [start, start + width) of a matrix.
    public func columns(_ start: Int, _ width: Int) throws -> Tensor {
        guard rank == 2, start >= 0, width >= 0, start + width <= shape[1] else {
            throw OperatorError.shapeMismatch("columns \(start)..<\(start + width) of \(shape)")
        }
        var out = [Scalar]()
        out.reserveCapacity(shape[0] * width)
        for i in 0..<shape[0] { out.append(contentsOf: values[(i * shape[1] + start)..<(i * shape[1] + start + width)]) }
        return Tensor(unchecked: [shape[0], width], out)
    }

    /// Matrices side by side (same row count).
    public static func concatenatingColumns(_ parts: [Tensor]) throws -> Tensor {
        guard let rows = parts.first?.shape.first, parts.allSatisfy({ $0.rank == 2 && $0.shape[0] == rows }) else {
            throw OperatorError.shapeMismatch("concatenating \(parts.map(\.shape))")
        }
        let width = parts.reduce(0) { $0 + $1.shape[1] }
        var out = [Scalar]()
        out.reserveCapacity(rows * width)
        for i in 0..<rows {
            for p in parts { out.append(contentsOf: p.values[(i * p.shape[1])..<((i + 1) * p.shape[1])]) }
        }
        return Tensor(unchecked: [rows, width], out)
    }
}
