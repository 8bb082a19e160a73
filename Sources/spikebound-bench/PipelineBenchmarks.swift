import ExactArithmetic
import Foundation
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// The ECMT pipeline on the MiniLM fixture at T = 32 in Double (one sentence, one thread), and
/// the certified reference forward of one sentence. Run from the repository root.
func runPipelineBenchmarks() throws {
    let fixture = try MiniLMBench()
    let weights = fixture.weights, encoder = fixture.encoder
    let sample = fixture.samples[0]
    let tokens = sample.input.shape[0], steps = 32
    print("SpikeBound pipeline benchmarks (release build, one thread, MiniLM-L6 fixture, \(tokens) tokens)")
    print("BLAS: \(BLASLibrary.shared?.path ?? "none (built-in kernel)")")
    print("")

    let clock = ContinuousClock()
    var best = Double.infinity
    var run: SpikingRun<Double>?
    for _ in 0..<3 {
        let start = clock.now
        run = try encoder.run(sample.input, mask: sample.mask, steps: steps, checkpoints: [steps])
        best = min(best, seconds(clock.now - start))
    }
    let perStep = best / Double(steps)
    let annMACs = ConversionResult.multiplyAdds(weights.config, tokens: tokens)
    let synaptic = Double(run?.synapticOperations[steps] ?? 0) / Double(steps)
    print("ECMT, T = \(steps), Double:".padding(toLength: 48) + "\(format3(perStep * 1e3)) ms per step (best of 3 runs)")
    print("  ANN-equivalent multiply-adds per step:".padding(toLength: 48) + "\(format3(annMACs / 1e6)) M  → \(formatRate(annMACs / perStep)) effective")
    print("  synaptic operations per step (spikes × fan-out):".padding(toLength: 48) + "\(format3(synaptic / 1e6)) M  → \(formatRate(synaptic / perStep))")
    print("  peak resident memory so far:".padding(toLength: 48) + "\(peakMegabytes()) MB")
    print("")

    for bits in [64] {
        let certified = try ReferenceEncoder(weights.converted(to: Interval.self), context: NumericContext(bits: bits))
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

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// The process's peak resident set size (getrusage), in MB.
func peakMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}
