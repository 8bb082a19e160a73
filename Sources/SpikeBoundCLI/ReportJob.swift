import Bounds
import ExactArithmetic
import Foundation
import ReferenceTransformer
import Reports
import SpikingPipelines
import Synchronization
import Tensors

/// One pipeline's part of `spikebound report`: calibrate, run every input to max T with the
/// a posteriori certificate (B-INJ, Double) of each, the attribution of the first, the
/// certified error (B-CERT) of the first `certify` inputs and the a priori bounds over the first
/// `aPriori` inputs' domains.
struct ReportJob: Sendable {
    let configuration: PipelineConfiguration
    let steps: [Int]
    let aPriori: Int
    let certify: Int
    /// The exact ANN's enclosures for B-CERT, shared by the pipelines (nil when none is certified).
    let enclosures: ReferenceEnclosures?
    let attribute: Int
    let margin: Rational
    let bits: Int
    /// Arguments that `spikebound run` takes to replay this pipeline's part.
    let replay: String

    var name: String { configuration.kind.rawValue }

    func run(_ loaded: LoadedModel, progress: ProgressLine) throws -> PipelineRun {
        progress.update(name, stage: "calibrating", done: 0)
        let study = try loaded.study(configuration)
        let samples = loaded.samples
        let reference = study.reference, calibration = study.calibration
        let attributed = Set(samples.prefix(attribute).map(\.name))
        let bounded = Set(samples.prefix(aPriori).map(\.name))
        let certified = Set(samples.prefix(certify).map(\.name))
        // Progress: the inputs' runs, and the a priori analysis's buckets × layers, which dominate when they run.
        let layers = loaded.weights.config.layers
        // In units of one layer of one run: each bucket reports every layer, and so do ECMT's
        // per-step ranges and reference deviation and STA's clean deviation (centred forms).
        let extra = calibration.configuration.kind == .ecmt ? 2 : 1
        let aPrioriStages = Double((APrioriBound.buckets(steps).count + extra) * layers * max(bounded.count, 1))
        let counts = Mutex((inputs: 0, aPriori: 0, stage: "running inputs"))
        let name = self.name, total = samples.count, weighted = !bounded.isEmpty
        @Sendable func report() {
            let c = counts.withLock { $0 }
            let inputs = Double(c.inputs) / Double(total), analysis = min(Double(c.aPriori) / aPrioriStages, 1)
            progress.update(name, stage: "\(c.stage), inputs \(c.inputs)/\(total)",
                done: weighted ? 0.15 * inputs + 0.85 * analysis : inputs)
        }
        report()
        // The a priori analyses need no SNN run: they run beside the inputs' runs (each uses the
        // cores it finds free), and are set beside their inputs' records afterwards.
        let domains = Array(samples.prefix(aPriori)), margin = self.margin, steps = self.steps
        let analysed = Mutex([Result<APrioriResult, any Error>]())
        let recorded = Mutex([String: RecordedSample]())
        let simulated = Mutex(Result<(result: ConversionResult, analyses: [(SampleCertificate, CertifiedSample?)]), any Error>?.none)
        let enclosures = self.enclosures
        let analysis: @Sendable () -> Void = {
            guard !bounded.isEmpty else { return }
            for sample in domains {
                let r = Result {
                    try APrioriCertificate.analyseDomain(
                        of: sample, point: reference, calibration: calibration, margin: margin, steps: steps, bits: bits
                    ) { stage in
                        counts.withLock {
                            $0.stage = "a priori \(sample.name): \(stage)"
                            if stage.layer != nil { $0.aPriori += 1 }
                        }
                        report()
                    }
                }
                analysed.withLock { $0.append(r) }
                if case .failure = r { return }
            }
        }
        let inputs: @Sendable () -> Void = {
            let r = Result {
                try study.run(samples: samples, steps: steps, progress: { done, _, _ in
                    counts.withLock { $0.inputs = done }
                    report()
                }) { record in
                    let sample = record.sample.name
                    let certificate = try InputCertificate.analyse(record, reference: reference, attribute: attributed.contains(sample))
                    var exact: CertifiedSample?
                    if let enclosures, certified.contains(sample) {
                        counts.withLock { $0.stage = "certifying \(sample)" }
                        report()
                        exact = try CertifiedError.certify(record, enclosure: enclosures.enclosure(of: sample))
                    }
                    if bounded.contains(sample) { recorded.withLock { $0[sample] = record } }
                    return (certificate, exact)
                }
            }
            simulated.withLock { $0 = r }
        }
        SideBySide.run([analysis, inputs])
        guard let run = simulated.withLock({ $0 }) else { throw InputError("the \(name) inputs did not run") }
        let (result, analyses) = try run.get()
        let aPrioriCertificates = try analysed.withLock { $0 }.enumerated().map { index, r in
            let sample = domains[index].name
            guard let record = recorded.withLock({ $0[sample] }) else { throw InputError("\(sample) has no record") }
            let analysis = try r.get()
            let bound = try APrioriCertificate.certificate(
                analysis, record: record, point: reference, margin: margin,
                bits: APrioriCertificate.precision(analysis.engine, bits: bits))
            guard margin.sign > 0 else { return bound }
            progress.update(name, stage: "worst error over \(DomainSampling.defaultPoints) points of \(sample)'s domain", done: 0.99)
            let worst = try DomainSampling.measure(
                record.sample, margin: margin, count: DomainSampling.defaultPoints, reference: reference, calibration: calibration,
                steps: steps)
            return try bound.withDomain(worst, points: DomainSampling.defaultPoints)
        }
        progress.update(name, stage: "done", done: 1)
        return PipelineRun(
            pipeline: name, settings: RunOutput.settings(of: configuration), result: result, certificates: analyses.map(\.0),
            certified: analyses.compactMap(\.1), aPriori: aPrioriCertificates, rounding: nil,
            operatorErrors: calibration.operatorErrors, margin: margin.description, bits: bits, replay: replay,
            task: try loaded.taskResult(result))
    }
}
