import Bounds
import SpikingPipelines
import Studies
import Synchronization

/// One pipeline's part of a report (or of a shard of it): the records of the shard's inputs
/// (`PipelineStudy.records`) from a calibration made before, shown on the progress line.
struct ReportJob: Sendable {
    let plan: StudyPlan
    let calibration: PipelineCalibration
    /// The exact ANN's enclosures for B-CERT, shared by the pipelines (nil when none is certified).
    let enclosures: ReferenceEnclosures?
    let shard: StudyShard

    var name: String { plan.configuration.kind.rawValue }

    func run(_ inputs: StudyInputs, progress: ProgressLine) throws -> [InputRecord] {
        let name = self.name, total = shard.positions(of: inputs.samples.count).count
        let bounded = shard.positions(of: min(plan.aPriori, inputs.samples.count)).count
        // Progress in units of one layer of one a priori run: each bucket reports every layer, and
        // so do ECMT's per-step ranges and reference deviation and STA's clean deviation.
        let layers = inputs.weights.config.layers
        let extra = plan.configuration.kind == .ecmt ? 2 : 1
        let aPrioriStages = Double((APrioriBound.buckets(plan.steps).count + extra) * layers * max(bounded, 1))
        let counts = Mutex((inputs: 0, aPriori: 0, stage: "running inputs"))
        let of = shard == .whole ? "" : " (shard \(shard))"
        @Sendable func report() {
            let c = counts.withLock { $0 }
            let done = total == 0 ? 1 : Double(c.inputs) / Double(total), analysis = min(Double(c.aPriori) / aPrioriStages, 1)
            progress.update(name, stage: "\(c.stage), inputs \(c.inputs)/\(total)\(of)", done: bounded > 0 ? 0.15 * done + 0.85 * analysis : done)
        }
        return try PipelineStudy.records(inputs, plan: plan, calibration: calibration, shard: shard, enclosures: enclosures) { event in
            switch event {
            case .calibrating:
                progress.update(name, stage: "calibrating", done: 0)
                return
            case .inputFinished(let done, _, _):
                counts.withLock { $0.inputs = done }
            case .certifying(let sample):
                counts.withLock { $0.stage = "certifying \(sample)" }
            case .aPriori(let sample, let stage):
                counts.withLock {
                    $0.stage = "a priori \(sample): \(stage)"
                    if stage.layer != nil { $0.aPriori += 1 }
                }
            case .sampling(let sample, let points):
                counts.withLock { $0.stage = "worst error over \(points) points of \(sample)'s domain" }
            case .finished:
                counts.withLock { $0.stage = "done" }
            }
            report()
        }
    }
}
