import Foundation
import Testing
import Tensors

/// The optional run-time BLAS path gives the built-in kernel's products within rounding.
@Suite struct BLASTests {
    @Test(.enabled(if: BLASLibrary.shared != nil, "no BLAS library on this machine (install libopenblas0 to run it)"))
    func blasMatchesTheBuiltInKernelWithinRounding() throws {
        let blas = try #require(BLASLibrary.shared)
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(Int64(bitPattern: state >> 11) % 2001 - 1000) / 137
        }
        for (m, k, n) in [(20, 384, 1152), (7, 33, 5), (64, 64, 64)] {
            let a = (0..<(m * k)).map { _ in next() }, b = (0..<(k * n)).map { _ in next() }
            let fast = try #require(DoubleKernels.matmul(a, b, m: m, k: k, n: n) as [Double]?)
            let plain = DoubleKernels.builtInMatmul(a, b, m: m, k: k, n: n)
            for i in 0..<m {
                for j in 0..<n {
                    // |Σ a·b| rounding: each sum of k products is within k·u·Σ|a·b| of the truth.
                    var magnitude = 0.0
                    for p in 0..<k { magnitude += abs(a[i * k + p] * b[p * n + j]) }
                    let tolerance = 2 * Double(k) * Double.ulpOfOne * magnitude
                    #expect(abs(fast[i * n + j] - plain[i * n + j]) <= tolerance)
                }
            }
        }
        #expect(!blas.path.isEmpty)
    }
}
