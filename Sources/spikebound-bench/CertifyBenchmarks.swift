import Bounds
import ExactArithmetic
import Foundation
import ModelIO
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// The certified per-input error (B-CERT) on the MiniLM fixture, ECMT: the ball enclosure of
/// the exact ANN for the first `count` sentences (one after another, each product using both
/// cores), its widest radius per layer, and the certified bound against the observed error at
/// 7 T. Run from the repository root:
///   swift run -c release spikebound-bench certify [N]
func runCertifyBenchmark(count: Int) throws {
    let fixture = try MiniLMBench()
    let steps = [1, 2, 4, 8, 16, 32, 64]
    let clock = ContinuousClock()
    print("SpikeBound certified per-input error (B-CERT), MiniLM-L6 fixture, ECMT, release build, Arb \(Ball.arbVersion)")
    var start = clock.now
    let enclosures = try ReferenceEnclosures(weights: fixture.weights, samples: fixture.samples)
    print("weights as balls: \(format3(seconds(clock.now - start))) s")
    var worst = [Int: (ratio: Double, bound: Double, observed: Double)]()
    var total = 0.0
    for sample in fixture.samples.prefix(count) {
        start = clock.now
        let enclosure = try enclosures.enclosure(of: sample.name)
        let encloseSeconds = seconds(clock.now - start)
        total += encloseSeconds
        let ann = try fixture.reference.forward(sample.input, mask: sample.mask)
        let (run, residuals) = try fixture.encoder.runRecordingResiduals(sample.input, mask: sample.mask, steps: 64, checkpoints: steps)
        let record = RecordedSample(sample: sample, ann: ann, means: run.meanOutputs, residuals: residuals)
        let certified = try CertifiedError.certify(record, enclosure: enclosure)
        let radii = enclosure.layers.map { l in l.values.map(\.radiusBound).max() ?? 0 }
        print("\(sample.name): \(sample.keptTokens.count) tokens, \(enclosure.bits) bits, \(format3(encloseSeconds)) s, widest radius per layer "
            + radii.map { String(format: "%.1e", $0) }.joined(separator: " "))
        for step in certified.steps {
            for layer in step.layers {
                let observed = ConversionErrorProbe.maxAbs(run.meanOutputs[step.T]![layer.layer], ann[layer.layer], rows: sample.keptTokens)
                let ratio = layer.bound / max(observed, 1e-300)
                let key = step.T * 100 + layer.layer
                if ratio > (worst[key]?.ratio ?? 0) { worst[key] = (ratio, layer.bound, observed) }
            }
        }
    }
    print("enclosures: \(format3(total)) s for \(min(count, fixture.samples.count)) inputs")
    print("worst certified bound / observed (observed against the Double reference), per T and layer:")
    for T in steps {
        let row = (0..<fixture.weights.config.layers).map { l in worst[T * 100 + l].map { String(format: "%.9f", $0.ratio) } ?? "-" }
        print("T = \(T):".padding(toLength: 9) + row.joined(separator: "  "))
    }
}

/// max |a − b| over the given rows, in Double.
enum ConversionErrorProbe {
    static func maxAbs(_ a: Tensor<Double>, _ b: Tensor<Double>, rows: [Int]) -> Double {
        let w = a.rowLength
        var m = 0.0
        for r in rows { for j in 0..<w { m = max(m, abs(a.values[r * w + j] - b.values[r * w + j])) } }
        return m
    }
}

/// Only the ball enclosures of the first `count` sentences (no SNN runs), for profiling.
func runEncloseBenchmark(count: Int) throws {
    let folder = URL(fileURLWithPath: "Fixtures/minilm-l6")
    let weights = try EncoderLoader.load(directory: folder)
    let samples = try EncoderInputs.load(
        folder.appendingPathComponent("inputs.safetensors"), sentences: folder.appendingPathComponent("sentences.json"))
    let clock = ContinuousClock()
    var start = clock.now
    let enclosures = try ReferenceEnclosures(weights: weights, samples: samples)
    print("weights as balls: \(format3(seconds(clock.now - start))) s")
    start = clock.now
    for sample in samples.prefix(count) { _ = try enclosures.enclosure(of: sample.name) }
    print("enclosures of \(min(count, samples.count)) inputs: \(format3(seconds(clock.now - start))) s")
}
