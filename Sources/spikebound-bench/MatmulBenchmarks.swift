import Bounds
import Tensors

/// The Double matrix product at MiniLM's linear-layer shapes (16 tokens, 384 ↔ 1536), for
/// inputs with a given fraction of zeros (a spiking step's input): the built-in kernel, which
/// skips zeros, against the BLAS library, to place DoubleKernels' crossover.
func runMatmulBenchmarks() {
    var rng = SplitMix(state: 7)
    var sink = 0.0
    guard let blas = BLASLibrary.shared else {
        print("matmul: no BLAS library loaded (SPIKEBOUND_BLAS, libopenblas.so.0); only the built-in kernel runs")
        return
    }
    print("Matrix products A·B, A m×k with the given fraction of zeros (products per second)")
    for (m, k, n) in [(16, 384, 1536), (16, 1536, 384), (16, 384, 384)] {
        let b = (0..<(k * n)).map { _ in Double.random(in: -1...1, using: &rng) }
        for zeros in [0.0, 0.5, 0.7, 0.8, 0.9, 0.95] {
            let a = (0..<(m * k)).map { _ in Double.random(in: 0..<1, using: &rng) < zeros ? 0 : Double.random(in: -1...1, using: &rng) }
            var s = 0
            let builtIn = measure(sink: &s) { Int(DoubleKernels.builtInMatmul(a, b, m: m, k: k, n: n)[0].sign == .minus ? 1 : 0) }
            let library = measure(sink: &s) { Int((blas.multiply(a, b, m: m, k: k, n: n)?[0] ?? 0) < 0 ? 1 : 0) }
            sink += Double(s)
            let line = "\(m)×\(k)·\(k)×\(n), \(Int(zeros * 100))% zeros:".padding(toLength: 36)
            print(line + "built-in \(formatRate(Double(builtIn.runs) / builtIn.seconds)), BLAS \(formatRate(Double(library.runs) / library.seconds))")
        }
    }
    if sink.isNaN { print(sink) }
}
