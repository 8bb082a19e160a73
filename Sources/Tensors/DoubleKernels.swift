/// Hand-written Double kernels, used by the generic tensor operations when the scalar is Double.
/// This module is compiled with optimisation in every configuration (Package.swift), so these
/// loops are fast in debug builds and tests too.
public enum DoubleKernels {
    /// C = A·B: a run-time BLAS (BLASLibrary) when one is loaded and A is mostly non-zero, the
    /// built-in kernel otherwise. A spiking step's input is mostly zeros, which the built-in
    /// kernel skips; a dense product goes to BLAS.
    public static func matmul(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        if let blas = BLASLibrary.shared, m * k * n >= 4096 {
            var zeros = 0
            for x in a where x == 0 { zeros += 1 }
            if 2 * zeros < a.count, let c = blas.multiply(a, b, m: m, k: k, n: n) { return c }
        }
        return builtInMatmul(a, b, m: m, k: k, n: n)
    }

    /// C = A·B for row-major A (m×k) and B (k×n): i-k-j loops over unsafe buffers, blocked over k
    /// and j so that a block of B stays in cache. The sum for each C[i][j] runs over p in
    /// increasing order, the same as the plain triple loop.
    public static func builtInMatmul(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        let blockK = 256, blockN = 512
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    var j0 = 0
                    while j0 < n {
                        let j1 = min(j0 + blockN, n)
                        var p0 = 0
                        while p0 < k {
                            let p1 = min(p0 + blockK, k)
                            for i in 0..<m {
                                let row = i * n
                                for p in p0..<p1 {
                                    let aip = a[i * k + p]
                                    if aip == 0 { continue }  // spikes are mostly zero
                                    let brow = p * n
                                    for j in j0..<j1 { c[row + j] += aip * b[brow + j] }
                                }
                            }
                            p0 = p1
                        }
                        j0 = j1
                    }
                }
            }
        }
        return c
    }
}
