import ExactArithmetic

/// A dense tensor with a shape and row-major storage, generic over its scalar.
public struct Tensor<Scalar: Sendable>: Sendable {
    public private(set) var shape: [Int]
    public var values: [Scalar]

    /// A tensor of `shape` filled from `values` (row-major); throws when the counts differ.
    public init(shape: [Int], values: [Scalar]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw OperatorError.shapeMismatch("negative dimension in \(shape)")
        }
        let count = shape.reduce(1, *)
        guard count == values.count else {
            throw OperatorError.shapeMismatch("shape \(shape) holds \(count) values, got \(values.count)")
        }
        self.shape = shape
        self.values = values
    }

    /// A tensor of `shape` with every entry `value`.
    public init(shape: [Int], repeating value: Scalar) {
        self.shape = shape
        values = Array(repeating: value, count: shape.reduce(1, *))
    }

    /// A vector.
    public init(vector: [Scalar]) {
        shape = [vector.count]
        values = vector
    }

    /// A matrix from rows of equal length; throws on ragged rows.
    public init(rows: [[Scalar]]) throws {
        let columns = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == columns }) else {
            throw OperatorError.shapeMismatch("rows of different lengths: \(rows.map(\.count))")
        }
        shape = [rows.count, columns]
        values = rows.flatMap { $0 }
    }

    public var count: Int { values.count }
    public var rank: Int { shape.count }

    /// The rows of a tensor seen as a matrix [product of leading dims, last dim].
    public var rowLength: Int { shape.last ?? 1 }
    public var rowCount: Int { rowLength == 0 ? 0 : count / rowLength }

    public func row(_ i: Int) -> ArraySlice<Scalar> {
        values[(i * rowLength)..<((i + 1) * rowLength)]
    }

    /// The same values with another shape of the same size.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        try Tensor(shape: newShape, values: values)
    }

    public func map<T: Sendable>(_ f: (Scalar) throws -> T) rethrows -> Tensor<T> {
        Tensor<T>(unchecked: shape, try values.map(f))
    }

    /// Element-wise combination of two tensors of the same shape.
    public func zipWith<T: Sendable, U: Sendable>(
        _ other: Tensor<T>, _ f: (Scalar, T) throws -> U
    ) throws -> Tensor<U> {
        guard shape == other.shape else {
            throw OperatorError.shapeMismatch("\(shape) and \(other.shape)")
        }
        var result = [U]()
        result.reserveCapacity(count)
        for i in values.indices { result.append(try f(values[i], other.values[i])) }
        return Tensor<U>(unchecked: shape, result)
    }

    /// Applies `f` to each row (the last axis), which must keep the row length.
    public func mapRows(_ f: (ArraySlice<Scalar>) throws -> [Scalar]) throws -> Tensor {
        Tensor(unchecked: shape, try mappedRows(0..<rowCount, f))
    }

    /// `map` with the elements split over the cores (ParallelRows), for costly exact or interval
    /// functions; the same result as `map`. On one thread when `parallel` is false.
    public func concurrentMap<E: Error>(parallel: Bool = true, _ f: @Sendable (Scalar) throws(E) -> Scalar) throws(E) -> Tensor {
        let values = self.values
        return Tensor(unchecked: shape, try ParallelRows.map(count, parallel: parallel) { range throws(E) in
            var out = [Scalar]()
            out.reserveCapacity(range.count)
            for i in range { out.append(try f(values[i])) }
            return out
        })
    }

    /// `mapRows` with the rows split over the cores (ParallelRows); the same result.
    public func concurrentMapRows(parallel: Bool = true, _ f: @Sendable (ArraySlice<Scalar>) throws -> [Scalar]) throws -> Tensor {
        let me = self
        return Tensor(unchecked: shape, try ParallelRows.map(rowCount, parallel: parallel) { rows in try me.mappedRows(rows, f) })
    }

    /// f of the rows `rows`, concatenated; throws when f changes a row's length.
    func mappedRows(_ rows: Range<Int>, _ f: (ArraySlice<Scalar>) throws -> [Scalar]) throws -> [Scalar] {
        var result = [Scalar]()
        result.reserveCapacity(rows.count * rowLength)
        for i in rows {
            let out = try f(row(i))
            guard out.count == rowLength else {
                throw OperatorError.shapeMismatch("a row function returned \(out.count) values for \(rowLength)")
            }
            result.append(contentsOf: out)
        }
        return result
    }

    init(unchecked shape: [Int], _ values: [Scalar]) {
        self.shape = shape
        self.values = values
    }
}

extension Tensor: Equatable where Scalar: Equatable {}
