#if canImport(Glibc)
import Glibc
#endif

/// A CBLAS library (OpenBLAS by default) loaded at run time with dlopen, when one is present.
/// Nothing requires it: without it, or with `SPIKEBOUND_BLAS=off`, the built-in blocked kernel
/// runs. `SPIKEBOUND_BLAS=/path/to/lib.so` chooses the library. The library is asked for one
/// thread, because pipelines already run one input per core.
public struct BLASLibrary: @unchecked Sendable {
    // Sendable: holds only an immutable C function pointer and a string.
    typealias DGEMM = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32, UnsafePointer<Double>?, Int32,
        Double, UnsafeMutablePointer<Double>?, Int32
    ) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void

    let dgemm: DGEMM
    /// The library that was loaded.
    public let path: String

    /// The library of this process, loaded on first use (nil when none is present or it is
    /// switched off).
    public static let shared: BLASLibrary? = load()

    static func load() -> BLASLibrary? {
        var candidates = ["libopenblas.so.0", "libopenblas.so"]
        if let choice = getenv("SPIKEBOUND_BLAS").map({ String(cString: $0) }), !choice.isEmpty {
            if choice == "off" { return nil }
            candidates = [choice]
        }
        for name in candidates {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let symbol = dlsym(handle, "cblas_dgemm") else {
                dlclose(handle)
                continue
            }
            if let threads = dlsym(handle, "openblas_set_num_threads") {
                unsafeBitCast(threads, to: SetThreads.self)(1)
            }
            return BLASLibrary(dgemm: unsafeBitCast(symbol, to: DGEMM.self), path: name)
        }
        return nil
    }

    /// C = A·B for row-major A (m×k) and B (k×n); nil when a dimension does not fit in 32 bits.
    public func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double]? {
        guard let m32 = Int32(exactly: m), let k32 = Int32(exactly: k), let n32 = Int32(exactly: n) else { return nil }
        var c = [Double](repeating: 0, count: m * n)
        guard m > 0, n > 0, k > 0 else { return c }
        let rowMajor: Int32 = 101, noTranspose: Int32 = 111
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    dgemm(rowMajor, noTranspose, noTranspose, m32, n32, k32, 1, a.baseAddress, k32, b.baseAddress, n32, 0,
                          c.baseAddress, n32)
                }
            }
        }
        return c
    }
}
