import Bounds
import ExactArithmetic
import SpikingOperators
import Tensors

/// Double-mode throughput of each operator at realistic sizes: a 197×384 activation (ViT-S
/// tokens × width) and 12-head attention over 197 tokens (head width 32).
func runOperatorBenchmarks() throws {
    var rng = SplitMix(state: 42)
    var sink = 0
    let tokens = 197, width = 384, heads = 12, headWidth = 32
    func activation(_ rows: Int, _ columns: Int, scale: Double = 2) -> Tensor<Double> {
        try! Tensor(shape: [rows, columns], values: (0..<(rows * columns)).map { _ in Double.random(in: -scale...scale, using: &rng) })
    }
    let x = activation(tokens, width)
    let steps = 8
    print("Operators in double precision, \(steps) steps per run (elements × steps per second)")
    func report(_ name: String, elements: Int, _ body: () throws -> Int) rethrows {
        let run = measure(sink: &sink) { (try? body()) ?? 0 }
        let rate = Double(run.runs * elements * steps) / run.seconds
        print("\(name):".padding(toLength: 48) + "\(formatRate(rate)) element-steps")
    }
    /// Runs `steps` steps of a fresh single-input operator on `input`.
    func reportSteps<Op>(_ name: String, _ input: Tensor<Double>, _ make: () throws -> Op,
                         _ step: (inout Op, Tensor<Double>) throws -> Tensor<Double>) rethrows {
        try report(name, elements: input.count) {
            var op = try make()
            var c = 0
            for _ in 0..<steps { c &+= try step(&op, input).count }
            return c
        }
    }
    try reportSteps("IF neuron, 197×384", x, { try IFNeuron<Double>(threshold: .one) }) { try $0.step($1) }
    try reportSteps("multi-threshold (n=8), 197×384", x, {
        try MultiThresholdNeuron<Double>(lambdaPositive: .powerOfTwo(-4), lambdaNegative: .powerOfTwo(-4), levels: 8)
    }) { try $0.step($1) }
    try reportSteps("signed burst neuron, 197×384", x, { try SignedBurstNeuron<Double>(threshold: .one) }) { try $0.step($1) }
    let ones = [Rational](repeating: .one, count: width), zeros = [Rational](repeating: .zero, count: width)
    let scores = activation(heads * tokens, tokens)
    for (name, function, input) in [
        ("GELU, 197×384", CompensatedFunction.elementwise(.gelu), x),
        ("LayerNorm, 197×384", .layerNorm(gamma: ones, beta: zeros, epsilon: .powerOfTwo(-20)), x),
        ("softmax, 12×197×197", .softmax, scores),
    ] {
        try reportSteps("expectation compensation, \(name)", input, { ExpectationCompensation<Double>(function) }) { try $0.step($1) }
    }
    // Attention products per head: Q (197×32) · Kᵀ, then P (197×197) · V (197×32).
    let q = (0..<heads).map { _ in activation(tokens, headWidth) }
    let k = (0..<heads).map { _ in activation(tokens, headWidth) }
    let v = (0..<heads).map { _ in activation(tokens, headWidth) }
    let p = (0..<heads).map { _ in activation(tokens, tokens, scale: 0.01) }
    for variant in [SpikeProduct<Double>.Variant.ecmt, .sta, .naive] {
        try report("\(variant) product Q·Kᵀ, 12 heads × 197×197", elements: heads * tokens * tokens) {
            var products = (0..<heads).map { _ in SpikeProduct<Double>(variant: variant, transposeB: true) }
            var c = 0
            for _ in 0..<steps { for h in 0..<heads { c &+= try products[h].step(a: q[h], b: k[h]).count } }
            return c
        }
        try report("\(variant) product P·V, 12 heads × 197×32", elements: heads * tokens * headWidth) {
            var products = (0..<heads).map { _ in SpikeProduct<Double>(variant: variant) }
            var c = 0
            for _ in 0..<steps { for h in 0..<heads { c &+= try products[h].step(a: p[h], b: v[h]).count } }
            return c
        }
    }
    print("(checksum \(sink & 0xFFFF))")
}
