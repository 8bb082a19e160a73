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
/// certified certificates of the first `certify` inputs and the a priori bounds over the first
/// `aPriori` inputs' domains.
struct ReportJob: Sendable {
    let configuration: PipelineConfiguration
    let steps: [Int]
    let aPriori: Int
    let certify: Int
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
        let intervals = bounded.isEmpty && certified.isEmpty ? nil : try ReferenceEncoder(
            loaded.weights.converted(to: Interval.self), context: NumericContext(bits: bits))
        // Progress: the inputs' runs, and the a priori analysis's buckets × layers, which dominate when they run.
        let layers = loaded.weights.config.layers
        let aPrioriStages = Double((Set(steps + [1]).count) * layers * max(bounded.count, 1))
        let counts = Mutex((inputs: 0, aPriori: 0, stage: "running inputs"))
        let name = self.name, total = samples.count, weighted = !bounded.isEmpty
        @Sendable func report() {
            let c = counts.withLock { $0 }
            let inputs = Double(c.inputs) / Double(total), analysis = min(Double(c.aPriori) / aPrioriStages, 1)
            progress.update(name, stage: "\(c.stage), inputs \(c.inputs)/\(total)",
                done: weighted ? 0.15 * inputs + 0.85 * analysis : inputs)
        }
        report()
        let (result, analyses) = try study.run(samples: samples, steps: steps, progress: { done, _, _ in
            counts.withLock { $0.inputs = done }
            report()
        }) { record in
            let sample = record.sample.name
            let certificate = try InputCertificate.analyse(record, reference: reference, attribute: attributed.contains(sample))
            var exact: SampleCertificate?
            if let intervals, certified.contains(sample) {
                counts.withLock { $0.stage = "certifying \(sample)" }
                report()
                exact = try InputCertificate.certify(record, reference: intervals)
            }
            guard let intervals, bounded.contains(sample) else { return (certificate, exact, nil as APrioriCertificate?) }
            let domain = try APrioriCertificate.analyse(record, reference: intervals, calibration: calibration, margin: margin) { stage in
                counts.withLock {
                    $0.stage = "a priori \(sample): \(stage)"
                    if stage.contains(", layer ") { $0.aPriori += 1 }
                }
                report()
            }
            return (certificate, exact, domain)
        }
        progress.update(name, stage: "done", done: 1)
        return PipelineRun(
            pipeline: name, settings: RunOutput.settings(of: configuration), result: result, certificates: analyses.map(\.0),
            certified: analyses.compactMap(\.1), aPriori: analyses.compactMap(\.2), rounding: nil,
            operatorErrors: calibration.operatorErrors, margin: margin.description, bits: bits, replay: replay)
    }
}
