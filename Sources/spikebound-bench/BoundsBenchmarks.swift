import Bounds
import ExactArithmetic
import Foundation
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// The a posteriori bounds on the MiniLM fixture (ECMT, Double, one thread): the per-input
/// certificate (B-INJ: one injected forward per T) of one sentence at 7 values of T, and one
/// attribution (B-ATTR: 48 single-site re-evaluations) at one T. Run from the repository root.
func runBoundsBenchmarks() throws {
    let fixture = try MiniLMBench()
    let reference = fixture.reference, encoder = fixture.encoder
    let sample = fixture.samples[0]
    let steps = [1, 2, 4, 8, 16, 32, 64]
    print("SpikeBound bounds benchmarks (release build, one thread, MiniLM-L6 fixture, ECMT, \(sample.input.shape[0]) tokens)")
    print("BLAS: \(BLASLibrary.shared?.path ?? "none (built-in kernel)")")
    print("")
    let clock = ContinuousClock()
    var start = clock.now
    let ann = try reference.forward(sample.input, mask: sample.mask)
    let annSeconds = seconds(clock.now - start)
    start = clock.now
    let (run, residuals) = try encoder.runRecordingResiduals(sample.input, mask: sample.mask, steps: 64, checkpoints: steps)
    let runSeconds = seconds(clock.now - start)
    let record = RecordedSample(sample: sample, ann: ann, means: run.meanOutputs, residuals: residuals)
    start = clock.now
    let certificate = try InputCertificate.analyse(record, reference: reference, attribute: false)
    let certificateSeconds = seconds(clock.now - start)
    start = clock.now
    let attribution = try ErrorAttribution.attribute(
        reference: reference, input: sample.input, mask: sample.mask, residuals: residuals, T: 16, rows: sample.keptTokens,
        clean: ann, snn: run.meanOutputs[16])
    let attributionSeconds = seconds(clock.now - start)
    print("ANN forward (Double):".padding(toLength: 52) + "\(format3(annSeconds)) s")
    print("SNN run to T = 64, residuals kept at 7 T:".padding(toLength: 52) + "\(format3(runSeconds)) s")
    print("certificate at T = \(steps.map(String.init).joined(separator: ",")):".padding(toLength: 52)
        + "\(format3(certificateSeconds)) s (\(certificate.steps.count) injected forwards)")
    let sites = attribution.layers.last?.contributions.count ?? 0
    print("one attribution at T = 16:".padding(toLength: 52) + "\(format3(attributionSeconds)) s (\(sites) sites)")
    print("  peak resident memory so far:".padding(toLength: 52) + "\(peakMegabytes()) MB")
}

/// The a priori analysis (ECMT: B-STEP, B-PSUM, B-NET; STA: B-PSUM, B-COMP, B-STA) on the MiniLM
/// fixture: one sentence as a point domain, 7 values of T, intervals at `SPIKEBOUND_BENCH_BITS`
/// bits (default 64). Prints when each stage starts, the bound per layer and T, and the
/// saturations found.
func runAPrioriBenchmark(_ kind: PipelineKind) throws {
    let fixture = try MiniLMBench(kind)
    let sample = fixture.samples[0]
    let bits = ProcessInfo.processInfo.environment["SPIKEBOUND_BENCH_BITS"].flatMap(Int.init) ?? 64
    let steps = [1, 2, 4, 8, 16, 32, 64]
    print("SpikeBound a priori benchmark (release build, MiniLM-L6 fixture, \(kind.rawValue), \(sample.input.shape[0]) tokens, \(bits) bits)")
    let reference = try ReferenceEncoder(fixture.weights.converted(to: Interval.self), context: NumericContext(bits: bits))
    let domain = try APrioriBound.boxes(around: sample.input, margin: .zero)
    let clock = ContinuousClock()
    let start = clock.now
    var last = start
    let result = try APrioriBound.analyse(
        kind, reference: reference, calibration: fixture.calibration, domain: domain, mask: sample.mask,
        rows: sample.keptTokens, steps: steps
    ) { stage in
        let now = clock.now
        print("  \(format3(seconds(now - start))) s: start of \(stage) (the stage before took \(format3(seconds(now - last))) s)")
        last = now
    }
    print("total:".padding(toLength: 52) + "\(format3(seconds(clock.now - start))) s")
    print("  peak resident memory so far:".padding(toLength: 52) + "\(peakMegabytes()) MB")
    for T in steps {
        let row = (result.bounds[T] ?? []).map { String(format: "%.3g", $0) }
        print("B_l(\(T)): " + row.joined(separator: "  "))
    }
    for finding in [BoundFinding.Kind.saturation, .transientSaturation, .unrepresentable] {
        let sites = Set(result.findings.filter { $0.kind == finding }.map(\.site))
        print("\(finding.rawValue) at \(sites.count) places (of \(result.siteCount) neuron sites): " + sites.sorted().prefix(6).joined(separator: ", "))
    }
}
