/// Element-wise Double kernels behind the generic tensor operations (Tensor+Arithmetic) when the
/// scalar is Double: each computes, element by element, exactly the operation the generic path
/// applies (x + y, x − y, x·c − y·d), so the values are the same to the bit; the loops run over
/// unsafe buffers so that they vectorise.
extension DoubleKernels {
    public static func add(_ x: [Double], _ y: [Double]) -> [Double] {
        binary(x, y) { $0 + $1 }
    }

    public static func subtract(_ x: [Double], _ y: [Double]) -> [Double] {
        binary(x, y) { $0 - $1 }
    }

    /// x·c − y·d.
    public static func scaledDifference(_ x: [Double], _ c: Double, _ y: [Double], _ d: Double) -> [Double] {
        binary(x, y) { $0 * c - $1 * d }
    }

    /// x ← x + y.
    public static func addInPlace(_ x: UnsafeMutableBufferPointer<Double>, _ y: [Double]) {
        precondition(x.count == y.count)
        y.withUnsafeBufferPointer { y in
            for i in 0..<x.count { x[i] = x[i] + y[i] }
        }
    }

    @inline(__always)
    static func binary(_ x: [Double], _ y: [Double], _ f: (Double, Double) -> Double) -> [Double] {
        precondition(x.count == y.count)
        return [Double](unsafeUninitializedCapacity: x.count) { out, initialised in
            x.withUnsafeBufferPointer { x in
                y.withUnsafeBufferPointer { y in
                    for i in 0..<x.count { out[i] = f(x[i], y[i]) }
                }
            }
            initialised = x.count
        }
    }
}
