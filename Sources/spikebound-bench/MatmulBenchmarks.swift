import Bounds
import Tensors

/// The Double matrix product at MiniLM's linear-layer shapes (20 and 128 tokens, 384 ↔ 1536), for
/// inputs with a given fraction of zeros (a spiking step's input): the built-in kernel, which
/// skips zeros, against the BLAS library, to place DoubleKernels' crossover.
func runMatmulBenchmarks() {
    var rng = SplitMix(state: 7)
    var sink = 0.0
    let blas = BLASLibrary.shared
    print("Matrix products A·B, A m×k with the given fraction of zeros: products per second, and dense multiply-adds per second")
    print("BLAS: \(blas?.path ?? "none loaded (SPIKEBOUND_BLAS, libopenblas.so.0): the built-in kernel only")")
    for (m, k, n) in [(20, 384, 1536), (20, 1536, 384), (20, 384, 384), (128, 384, 1536)] {
        let b = (0..<(k * n)).map { _ in Double.random(in: -1...1, using: &rng) }
        for zeros in [0.0, 0.5, 0.7, 0.8, 0.9, 0.95] {
            let a = (0..<(m * k)).map { _ in Double.random(in: 0..<1, using: &rng) < zeros ? 0 : Double.random(in: -1...1, using: &rng) }
            var s = 0
            let builtIn = measure(sink: &s) { Int(DoubleKernels.builtInMatmul(a, b, m: m, k: k, n: n)[0].sign == .minus ? 1 : 0) }
            let narrow = DoubleKernels.narrowed(b.map { Double(Float($0)) }) ?? []
            let narrowRun = measure(sink: &s) { Int(DoubleKernels.narrowProduct(a, narrow, m: m, k: k, n: n)[0].sign == .minus ? 1 : 0) }
            let macs = Double(m * k * n)
            var line = "\(m)×\(k)·\(k)×\(n), \(Int(zeros * 100))% zeros:".padding(toLength: 36)
                + "built-in \(formatRate(Double(builtIn.runs) / builtIn.seconds)) (\(formatRate(macs * Double(builtIn.runs) / builtIn.seconds)) MAC)"
                + ", Float B \(formatRate(Double(narrowRun.runs) / narrowRun.seconds))"
            if let blas {
                let library = measure(sink: &s) { Int((blas.multiply(a, b, m: m, k: k, n: n)?[0] ?? 0) < 0 ? 1 : 0) }
                line += ", BLAS \(formatRate(Double(library.runs) / library.seconds)) (\(formatRate(macs * Double(library.runs) / library.seconds)) MAC)"
            }
            sink += Double(s)
            print(line)
        }
    }
    if sink.isNaN { print(sink) }
}
