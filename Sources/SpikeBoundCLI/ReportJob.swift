import Bounds
import Reports
import SpikingPipelines
import Statistics
import Studies
import Synchronization

/// One pipeline's part of `spikebound report`: the study (`PipelineStudy`), shown on the
/// progress line, and turned into the report builder's input.
struct ReportJob: Sendable {
    let plan: StudyPlan
    /// The exact ANN's enclosures for B-CERT, shared by the pipelines (nil when none is certified).
    let enclosures: ReferenceEnclosures?
    /// Arguments that `spikebound run` takes to replay this pipeline's part.
    let replay: String
    /// The population bounds' coverage and the confidence of every bound and interval.
    let coverage: Level
    let confidence: Level

    var name: String { plan.configuration.kind.rawValue }

    func run(_ inputs: StudyInputs, progress: ProgressLine) throws -> PipelineRun {
        let name = self.name, total = inputs.samples.count
        let bounded = min(plan.aPriori, total)
        // Progress in units of one layer of one a priori run: each bucket reports every layer, and
        // so do ECMT's per-step ranges and reference deviation and STA's clean deviation.
        let layers = inputs.weights.config.layers
        let extra = plan.configuration.kind == .ecmt ? 2 : 1
        let aPrioriStages = Double((APrioriBound.buckets(plan.steps).count + extra) * layers * max(bounded, 1))
        let counts = Mutex((inputs: 0, aPriori: 0, stage: "running inputs"))
        @Sendable func report() {
            let c = counts.withLock { $0 }
            let done = Double(c.inputs) / Double(total), analysis = min(Double(c.aPriori) / aPrioriStages, 1)
            progress.update(name, stage: "\(c.stage), inputs \(c.inputs)/\(total)", done: bounded > 0 ? 0.15 * done + 0.85 * analysis : done)
        }
        let study = try PipelineStudy.run(inputs, plan: plan, enclosures: enclosures) { event in
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
        var run = PipelineRun(
            pipeline: name, settings: RunOutput.settings(of: plan.configuration), result: study.result, certificates: study.certificates,
            certified: study.certified, aPriori: study.aPriori, rounding: nil, operatorErrors: study.calibration.operatorErrors,
            margin: plan.margin.description, bits: plan.bits, replay: replay, tasks: study.tasks)
        run.coverage = coverage
        run.confidence = confidence
        return run
    }
}
