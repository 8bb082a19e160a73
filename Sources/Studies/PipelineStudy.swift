import Bounds
import Foundation
import SpikingPipelines
import Synchronization

/// One pipeline's study, as `run`, `report` and a report's shards run it: calibrate (or take a
/// calibration made before, `spikebound calibrate`), run each input of the shard to the
/// largest T with what the plan asks for, and, beside those runs on a thread of its own, the a
/// priori analyses of the shard's a priori inputs (they need no SNN run); then set each
/// analysis beside its input's record. The records of all shards combine into the study
/// (`StudyRecords.assemble`).
public enum PipelineStudy {
    /// Calibrates, runs every input and combines the records.
    public static func run(
        _ inputs: StudyInputs, plan: StudyPlan, calibration: PipelineCalibration? = nil, enclosures: ReferenceEnclosures? = nil,
        events: @escaping @Sendable (StudyEvent) -> Void = { _ in }
    ) throws -> StudyResult {
        let calibration = try calibration ?? calibrate(inputs, plan: plan, events: events)
        let records = try self.records(inputs, plan: plan, calibration: calibration, enclosures: enclosures, events: events)
        let study = try StudyRecords.assemble(records, inputs: inputs, kind: plan.configuration.kind, steps: plan.steps)
        return StudyResult(
            plan: plan, calibration: calibration, result: study.result, certificates: study.certificates, certified: study.certified,
            aPriori: study.aPriori, tasks: study.tasks)
    }

    /// The pipeline's thresholds (and STA's group operators) from the inputs' calibration
    /// samples, after refusing a plan whose bounds would not cover the pipeline.
    public static func calibrate(
        _ inputs: StudyInputs, plan: StudyPlan, events: @Sendable (StudyEvent) -> Void = { _ in }
    ) throws -> PipelineCalibration {
        try refuseUncovered(plan)
        events(.calibrating)
        return try inputs.study(plan.configuration).calibration
    }

    static func refuseUncovered(_ plan: StudyPlan) throws {
        if plan.records, plan.configuration.kind == .sta, plan.configuration.staStructure == .public {
            // The certificates and a priori engines model the spikebound structure's sites and
            // operators; on the public structure they would bound another network.
            throw StudyError("the bounds cover STA's spikebound structure only, not the public one (docs/sta-structures.md)")
        }
        if plan.records, plan.configuration.kind == .sta, plan.configuration.burstRule != .exact {
            // B-SB (and all that builds on it) holds for the exact burst rule only.
            throw StudyError("the bounds hold for the exact burst rule only, not public-guard (proofs/bounds/B-SB.md)")
        }
    }

    /// The records of the inputs in `shard`, in input order. Which inputs are attributed,
    /// certified and analysed a priori is decided on the whole study's input order (the first
    /// `plan.attribute`, `plan.certify`, `plan.aPriori`), so every shard makes the records the
    /// unsharded study would.
    public static func records(
        _ inputs: StudyInputs, plan: StudyPlan, calibration: PipelineCalibration, shard: StudyShard = .whole,
        enclosures: ReferenceEnclosures? = nil, events: @escaping @Sendable (StudyEvent) -> Void = { _ in }
    ) throws -> [InputRecord] {
        try refuseUncovered(plan)
        let all = inputs.samples
        let positions = shard.positions(of: all.count)
        let samples = positions.map { all[$0] }
        let steps = plan.steps, margin = plan.margin, bits = plan.bits
        let study = ConversionStudy(reference: inputs.reference, calibration: calibration, pooling: inputs.checkpoint.pooling)
        let reference = study.reference
        let attributed = Set(all.prefix(plan.certificates ? plan.attribute : 0).map(\.name))
        let bounded = Set(all.prefix(plan.aPriori).map(\.name))
        let certified = Set(all.prefix(enclosures == nil ? 0 : plan.certify).map(\.name))
        let domains = samples.filter { bounded.contains($0.name) }
        let certificates = plan.certificates
        let progress: @Sendable (Int, Int, String) -> Void = { done, total, name in events(.inputFinished(done: done, total: total, sample: name)) }
        func record(_ k: Int, _ outcome: SampleOutcome, _ analysis: (SampleCertificate?, CertifiedSample?)?, _ aPriori: APrioriCertificate?) -> InputRecord {
            InputRecord(
                index: positions[k], sample: samples[k].name, outcome: outcome, certificate: analysis?.0, certified: analysis?.1, aPriori: aPriori)
        }
        guard plan.records else {
            let runs = try study.outcomes(samples: samples, steps: steps, progress: progress, analyse: nil as (@Sendable (RecordedSample) throws -> Int)?)
            events(.finished)
            return runs.enumerated().map { k, run in record(k, run.outcome, nil, nil) }
        }
        let analysed = Mutex([Result<APrioriResult, any Error>]())
        let recorded = Mutex([String: RecordedSample]())
        typealias Analyses = [(outcome: SampleOutcome, analysis: (SampleCertificate?, CertifiedSample?)?)]
        let simulated = Mutex(Result<Analyses, any Error>?.none)
        let analysis: @Sendable () -> Void = {
            for sample in domains {
                let r = Result {
                    try APrioriCertificate.analyseDomain(
                        of: sample, point: reference, calibration: calibration, margin: margin, steps: steps, bits: bits
                    ) { stage in events(.aPriori(sample: sample.name, stage: stage)) }
                }
                analysed.withLock { $0.append(r) }
                if case .failure = r { return }
            }
        }
        let runs: @Sendable () -> Void = {
            let r = Result {
                try study.outcomes(samples: samples, steps: steps, progress: progress) { record in
                    let sample = record.sample.name
                    let certificate = certificates
                        ? try InputCertificate.analyse(record, reference: reference, attribute: attributed.contains(sample)) : nil
                    var exact: CertifiedSample?
                    if let enclosures, certified.contains(sample) {
                        events(.certifying(sample: sample))
                        exact = try CertifiedError.certify(record, enclosure: enclosures.enclosure(of: sample), pooling: study.pooling)
                    }
                    if bounded.contains(sample) { recorded.withLock { $0[sample] = record } }
                    return (certificate, exact)
                }
            }
            simulated.withLock { $0 = r }
        }
        SideBySide.run(domains.isEmpty ? [runs] : [analysis, runs])
        guard let run = simulated.withLock({ $0 }) else { throw StudyError("the \(plan.configuration.kind.rawValue) inputs did not run") }
        let outcomes = try run.get()
        var aPriori = [String: APrioriCertificate]()
        for (index, r) in analysed.withLock({ $0 }).enumerated() {
            let sample = domains[index]
            guard let record = recorded.withLock({ $0[sample.name] }) else { throw StudyError("\(sample.name) has no record") }
            let analysis = try r.get()
            var bound = try APrioriCertificate.certificate(
                analysis, record: record, point: reference, margin: margin, bits: APrioriCertificate.precision(analysis.engine, bits: bits))
            if margin.sign > 0 {
                events(.sampling(sample: sample.name, points: plan.domainPoints))
                let worst = try DomainSampling.measure(
                    record.sample, margin: margin, count: plan.domainPoints, reference: reference, calibration: calibration, steps: steps)
                bound = try bound.withDomain(worst, points: plan.domainPoints)
            }
            aPriori[sample.name] = bound
        }
        events(.finished)
        return outcomes.enumerated().map { k, run in record(k, run.outcome, run.analysis, aPriori[samples[k].name]) }
    }
}
