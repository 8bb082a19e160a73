import ExactArithmetic
import Foundation
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// The spiking pipelines on the MiniLM fixture in Double, one thread: ms per step, effective and
/// synaptic operations per second, against tokens and T. `kinds` picks ECMT, STA or both;
/// `quick` runs the first case only (sentence.0 as stored, T = 32).
///
/// Inputs: the fixture's sentence.0 as the fixture stores it (20 tokens, 8 of them padding, which
/// the simulation computes and the mask discards), its 12 real tokens alone, and 64 and 128
/// tokens made of the 18 sentences' real embedded tokens end to end (a benchmark input, not a
/// sentence). Calibration: the fixture's 18 sentences, the pipeline's defaults.
func runPipelineBenchmarks(_ kinds: [PipelineKind], quick: Bool = false) throws {
    print("SpikeBound pipeline benchmarks (release build, one thread, MiniLM-L6 fixture, Double)")
    print("kernel: \(BLASLibrary.shared.map { "OpenBLAS (\($0.path)) for \(BLASRouting.description), built-in otherwise" } ?? "built-in (no BLAS loaded)")")
    print("ms per step: the median of the runs; MAC/s: ANN-equivalent multiply-adds per second; syn/s: spikes × fan-out per second")
    print("")
    print("pipeline  input                 tokens    T   runs   ms/step   MAC/s       syn/s")
    for kind in kinds {
        let fixture = try MiniLMBench(kind)
        let sample = fixture.samples[0]
        let kept = sample.keptTokens
        let unpadded = try Tensor(rows: kept.map { Array(sample.input.row($0)) })
        let pool = fixture.samples.flatMap { s in s.keptTokens.map { Array(s.input.row($0)) } }
        let long = { (n: Int) in try Tensor(rows: (0..<n).map { pool[$0 % pool.count] }) }
        var cases: [(name: String, input: Tensor<Double>, mask: [Bool]?, T: Int, runs: Int)] = [
            ("sentence.0 padded", sample.input, sample.mask, 32, 5),
            ("sentence.0 unpadded", unpadded, nil, 32, 5),
            ("sentence.0 padded", sample.input, sample.mask, 8, 5),
            ("sentence.0 padded", sample.input, sample.mask, 128, 3),
            ("18 sentences' tokens", try long(64), nil, 32, 3),
            ("18 sentences' tokens", try long(128), nil, 32, 3),
        ]
        if kind == .sta { cases = cases.filter { $0.T <= 32 } }
        if quick { cases = [cases[0]] }
        for c in cases {
            let (perStep, synaptic) = try timeSteps(fixture.encoder, c.input, c.mask, T: c.T, runs: c.runs)
            let macs = ConversionResult.multiplyAdds(fixture.weights.config, tokens: c.input.shape[0])
            let columns = [
                kind.rawValue.padding(toLength: 10), c.name.padding(toLength: 22), "\(c.input.shape[0])".leftPadded(6),
                "\(c.T)".leftPadded(5), "\(c.runs)".leftPadded(6), format3(perStep * 1e3).leftPadded(10),
                "   " + formatRate(macs / perStep).padding(toLength: 12), formatRate(synaptic / perStep),
            ]
            print(columns.joined())
        }
        print("peak resident memory so far: \(peakMegabytes()) MB")
        print("")
    }
}

/// Seconds per step (the median over `runs` runs of T steps) and synaptic operations per step.
func timeSteps(_ encoder: SpikingEncoder<Double>, _ input: Tensor<Double>, _ mask: [Bool]?, T: Int, runs: Int) throws -> (Double, Double) {
    let clock = ContinuousClock()
    var times = [Double]()
    var synaptic = 0.0
    for _ in 0..<runs {
        let start = clock.now
        let run = try encoder.run(input, mask: mask, steps: T, checkpoints: [T])
        times.append(seconds(clock.now - start) / Double(T))
        synaptic = Double(run.synapticOperations[T] ?? 0) / Double(T)
    }
    return (times.sorted()[runs / 2], synaptic)
}

/// The certified reference forward (interval arithmetic at 64 bits) of one sentence.
func runCertifiedForwardBenchmark() throws {
    let fixture = try MiniLMBench()
    let sample = fixture.samples[0]
    let clock = ContinuousClock()
    for bits in [64] {
        let certified = try ReferenceEncoder(fixture.weights.converted(to: Interval.self), context: NumericContext(bits: bits))
        let input = try sample.input.map { Interval(try Rational(exactly: $0)) }
        let start = clock.now
        let layers = try certified.forward(input, mask: sample.mask)
        let elapsed = seconds(clock.now - start)
        let width = layers.last?.values.map(\.width).max() ?? .zero
        print("certified reference forward at \(bits) bits:".padding(toLength: 48) + "\(format3(elapsed)) s for one sentence, 6 layers")
        print("  last layer's widest enclosure:".padding(toLength: 48) + "\(width.doubleValue(rounding: .up))")
        print("  peak resident memory so far:".padding(toLength: 48) + "\(peakMegabytes()) MB")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// The process's peak resident set size (getrusage), in MB.
func peakMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}
