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

/// The a priori bound B-NET through centred forms (B-CF) on the MiniLM fixture, ECMT: one
/// sentence (`SPIKEBOUND_BENCH_SAMPLE`, default 0) as a point domain (margin 0), 7 values of T.
/// Prints each stage's start, then per T and layer the bound, the observed error of the
/// sentence (a Double SNN run) and their ratio, and the largest per-site bound beside |V|/T.
func runCentredAPrioriBenchmark() throws {
    let fixture = try MiniLMBench(.ecmt)
    let index = ProcessInfo.processInfo.environment["SPIKEBOUND_BENCH_SAMPLE"].flatMap(Int.init) ?? 0
    let sample = fixture.samples[index]
    let steps = [1, 2, 4, 8, 16, 32, 64]
    say("SpikeBound centred a priori benchmark (B-NET via B-CF, release build, MiniLM-L6 fixture, ecmt, \(sample.name), \(sample.keptTokens.count) kept tokens)")
    let clock = ContinuousClock()
    let start = clock.now
    var last = start
    let result = try CentredAPriori.analyse(
        weights: fixture.weights, calibration: fixture.calibration, input: sample.input, margin: .zero, mask: sample.mask,
        steps: steps
    ) { stage in
        // Each layer of the injected and reference runs takes about 0.05 s: only their starts show.
        if stage.layer != nil && stage.name != "per-step ranges" { return }
        let now = clock.now
        say("  \(format3(seconds(now - start))) s: start of \(stage) (the stage before took \(format3(seconds(now - last))) s)")
        last = now
    }
    say("total:".padding(toLength: 52) + "\(format3(seconds(clock.now - start))) s")
    say("  peak resident memory so far:".padding(toLength: 52) + "\(peakMegabytes()) MB")
    let ann = try fixture.reference.forward(sample.input, mask: sample.mask)
    let (run, residuals) = try fixture.encoder.runRecordingResiduals(sample.input, mask: sample.mask, steps: 64, checkpoints: steps)
    say("per T: bound / observed / ratio, layers 0…\(ann.count - 1)")
    for T in steps {
        let bounds = result.bounds[T] ?? []
        let cells = bounds.indices.map { l -> String in
            let observed = ConversionErrorProbe.maxAbs(run.meanOutputs[T]![l], ann[l], rows: sample.keptTokens)
            return String(format: "%.3g/%.3g/%.1f", bounds[l], observed, bounds[l] / max(observed, 1e-300))
        }
        say("T = \(T):".padding(toLength: 8) + cells.joined(separator: "  "))
    }
    say("per-site bound B_k(T) / observed max|V|/T over kept tokens, layer 0 and the last layer, T = 4 and 64:")
    for site in result.sites where site.layer == 0 || site.layer == ann.count - 1 {
        let cells = [4, 64].map { T -> String in
            let b = site.bounds[T]?.doubleValue(rounding: .up) ?? .nan
            let v = residuals.at(T)[site.layer]?[site.site]
            let w = v?.rowLength ?? 1
            var largest = 0.0
            for r in sample.keptTokens { for j in 0..<w { largest = max(largest, abs(v!.values[r * w + j])) } }
            return String(format: "T=%d %.3g/%.3g", T, b, largest / Double(T))
        }
        say("  layer \(site.layer) \(site.site.rawValue):".padding(toLength: 36) + cells.joined(separator: "  "))
    }
    for kind in [BoundFinding.Kind.saturation, .transientSaturation] {
        let places = Set(result.findings.filter { $0.kind == kind }.map { "\($0.layer ?? -1) \($0.site)" })
        say("\(kind.rawValue) at \(places.count) places: " + places.sorted().prefix(8).joined(separator: ", "))
    }
}

/// One line straight to standard output, unbuffered: the stages of a long run show as they start.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
