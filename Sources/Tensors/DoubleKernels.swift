import CKernels

/// Hand-written Double kernels, used by the generic tensor operations when the scalar is Double.
/// This module is compiled with optimisation in every configuration (Package.swift), so these
/// loops are fast in debug builds and tests too.
public enum DoubleKernels {
    /// The instruction set the C kernels (CKernels) chose on this machine: "AVX-512", "AVX2" or
    /// "baseline".
    public static var instructionSet: String { String(cString: ck_instruction_set()) }

    /// C = A·B: a run-time BLAS (BLASLibrary) where `BLASRouting` sends the product to it, the
    /// built-in kernel otherwise. The built-in kernel skips zeros, so its cost falls with A's
    /// sparsity; at MiniLM's linear-layer shapes it overtakes OpenBLAS between 80% and 90% zeros
    /// (`spikebound-bench matmul`, docs/benchmarks.md).
    public static func matmul(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        blasProduct(a, b, m: m, k: k, n: n, narrow: false) ?? builtInMatmul(a, b, m: m, k: k, n: n)
    }

    /// The BLAS library's A·B when one is loaded and `BLASRouting` sends the product to it; else nil.
    static func blasProduct(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, narrow: Bool) -> [Double]? {
        guard let blas = BLASLibrary.shared, usesBLAS(a, m: m, k: k, n: n, narrow: narrow) else { return nil }
        return blas.multiply(a, b, m: m, k: k, n: n)
    }

    /// Whether the product of this A goes to BLAS (one is loaded and `BLASRouting` admits it),
    /// `narrow` for a B of float32 weights given as Floats; otherwise the built-in kernel runs.
    public static func usesBLAS(_ a: [Double], m: Int, k: Int, n: Int, narrow: Bool) -> Bool {
        guard BLASLibrary.shared != nil, BLASRouting.admits(m: m, k: k, n: n, narrow: narrow) else { return false }
        var zeros = 0
        for x in a where x == 0 { zeros += 1 }
        return BLASRouting.admits(zeros: zeros, of: a.count)
    }

    /// `matmul` for a B whose every entry is a Float exactly (model weights stored in float32),
    /// given also as `narrow`, those Floats: the built-in kernel then reads the Floats, half the
    /// memory, and widens each exactly, so the result is `builtInMatmul(a, b, …)` to the bit.
    public static func matmul(_ a: [Double], _ b: [Double], narrow: [Float], m: Int, k: Int, n: Int) -> [Double] {
        precondition(narrow.count == b.count)
        return blasProduct(a, b, m: m, k: k, n: n, narrow: true) ?? narrowProduct(a, narrow, m: m, k: k, n: n)
    }

    /// The built-in product with B given as Floats (widened exactly), never BLAS.
    public static func narrowProduct(_ a: [Double], _ narrow: [Float], m: Int, k: Int, n: Int) -> [Double] {
        product(a, narrow, m: m, k: k, n: n, ck_matmul_skipping_zeros_narrow)
    }

    /// C = A·B through one of CKernels' products (B of Doubles or of Floats).
    static func product<Element>(
        _ a: [Double], _ b: [Element], m: Int, k: Int, n: Int,
        _ kernel: (UnsafePointer<Double>?, UnsafePointer<Element>?, UnsafeMutablePointer<Double>?, Int64, Int64, Int64) -> Int32
    ) -> [Double] {
        precondition(a.count == m * k && b.count == k * n)
        var c = [Double](repeating: 0, count: m * n)
        let status = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in kernel(a.baseAddress, b.baseAddress, c.baseAddress, Int64(m), Int64(k), Int64(n)) }
            }
        }
        // As when Swift cannot allocate an array: out of memory is not an input error.
        precondition(status == 0, "out of memory for a \(m)×\(k) by \(k)×\(n) product")
        return c
    }

    /// The Floats of `b` when every entry of b is one exactly (the same bits back), else nil.
    public static func narrowed(_ b: [Double]) -> [Float]? {
        var out = [Float]()
        out.reserveCapacity(b.count)
        for x in b {
            let f = Float(x)
            guard Double(f).bitPattern == x.bitPattern else { return nil }
            out.append(f)
        }
        return out
    }

    /// C = A·B for row-major A (m×k) and B (k×n), event-driven (CKernels'
    /// `ck_matmul_skipping_zeros`): A's non-zero entries are gathered by column, then for each
    /// column block of C (kept in cache) and each p in increasing order, row p of B is added,
    /// scaled by a[i][p], into every row i with a[i][p] ≠ 0. So B is read once per call, and
    /// each C[i][j] is the sum over the non-zero a[i][p] in increasing p, each product rounded
    /// and then added (no fused multiply-add): the plain triple loop's sum, to the bit, for a
    /// finite B (a product with ±0 is ±0, and a sum that starts at +0 never holds −0 under
    /// rounding to nearest, so skipping zeros changes nothing). NaN in A is not skipped.
    public static func builtInMatmul(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        product(a, b, m: m, k: k, n: n, ck_matmul_skipping_zeros)
    }

    /// One step of a group operator's hidden units in spiking mode (SpikingGroupOperator), for
    /// n inputs x and the units' membranes V (unit-major, unit i's element e at i·n + e). Per
    /// unit i and element e, in this order: u = V + (W₁[i]·x + b₁[i]); s = θ_i unless u < θ_i,
    /// else 0; V ← u − s; y ← y + s·W₂[i], from y = b₂. These are an IFNeuron's operations per
    /// unit, in the same order, so the result is the same to the bit; without branches or
    /// overflow checks, so that the loop vectorises.
    /// Returns y, and the first (unit, element) whose u is not finite, which the caller reports.
    public static func groupOperatorStep(
        membrane: inout [Double], input x: [Double], w1: [Double], b1: [Double], w2: [Double], thetas: [Double], b2: Double
    ) -> (output: [Double], nonFinite: (unit: Int, element: Int)?) {
        let n = x.count, units = thetas.count
        precondition(membrane.count == units * n && w1.count == units && b1.count == units && w2.count == units)
        var y = [Double](repeating: b2, count: n)
        var badUnit = -1
        membrane.withUnsafeMutableBufferPointer { v in
            y.withUnsafeMutableBufferPointer { y in
                x.withUnsafeBufferPointer { x in
                    guard n > 0, let vBase = v.baseAddress, let y = y.baseAddress, let x = x.baseAddress else { return }
                    for i in 0..<units {
                        let v = vBase + i * n
                        if unitStep(v: v, y: y, x: x, n: n, a: w1[i], b: b1[i], theta: thetas[i], gain: w2[i]), badUnit < 0 {
                            badUnit = i
                        }
                    }
                }
            }
        }
        guard badUnit >= 0 else { return (y, nil) }
        // Find the element again: a non-finite u leaves a non-finite V.
        let element = (0..<n).first { !membrane[badUnit * n + $0].isFinite } ?? 0
        return (y, (badUnit, element))
    }

    /// One unit of groupOperatorStep over n elements, four lanes at a time (SIMD4, each lane
    /// the scalar operations), then the rest one by one. True when some u is not finite.
    static func unitStep(
        v: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>, x: UnsafePointer<Double>, n: Int,
        a: Double, b: Double, theta: Double, gain: Double
    ) -> Bool {
        typealias Lanes = SIMD4<Double>
        let a4 = Lanes(repeating: a), b4 = Lanes(repeating: b), theta4 = Lanes(repeating: theta), gain4 = Lanes(repeating: gain)
        var bad = SIMDMask<SIMD4<Int64>>(repeating: false)
        var e = 0
        while e &+ 4 <= n {
            let u = UnsafeRawPointer(v + e).loadUnaligned(as: Lanes.self)
                + (a4 * UnsafeRawPointer(x + e).loadUnaligned(as: Lanes.self) + b4)
            let s = Lanes(repeating: 0).replacing(with: theta4, where: .!(u .< theta4))
            UnsafeMutableRawPointer(v + e).storeBytes(of: u - s, as: Lanes.self)
            UnsafeMutableRawPointer(y + e).storeBytes(of: UnsafeRawPointer(y + e).loadUnaligned(as: Lanes.self) + s * gain4, as: Lanes.self)
            let d = u - u  // 0 for a finite u, NaN otherwise
            bad = bad .| (d .!= d)
            e &+= 4
        }
        var tailBad = false
        while e < n {
            let u = v[e] + (a * x[e] + b)
            let s = u < theta ? 0.0 : theta
            v[e] = u - s
            y[e] = y[e] + s * gain
            tailBad = tailBad || !u.isFinite
            e &+= 1
        }
        return any(bad) || tailBad
    }
}
