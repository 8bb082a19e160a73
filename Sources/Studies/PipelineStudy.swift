import Bounds
import Foundation
import SpikingPipelines
import Synchronization

/// One pipeline's study, as `run` and `report` both run it: calibrate, run every input to the
/// largest T with what the plan asks for, and, beside those runs on a thread of its own, the a
/// priori analyses (they need no SNN run); then set each analysis beside its input's record.
public enum PipelineStudy {
    public static func run(
        _ inputs: StudyInputs, plan: StudyPlan, enclosures: ReferenceEnclosures? = nil,
        events: @escaping @Sendable (StudyEvent) -> Void = { _ in }
    ) throws -> StudyResult {
        if plan.records, plan.configuration.kind == .sta, plan.configuration.staStructure == .public {
            // The certificates and a priori engines model the spikebound structure's sites and
            // operators; on the public structure they would bound another network.
            throw StudyError("the bounds cover STA's spikebound structure only, not the public one (docs/sta-structures.md)")
        }
        if plan.records, plan.configuration.kind == .sta, plan.configuration.burstRule != .exact {
            // B-SB (and all that builds on it) holds for the exact burst count only.
            throw StudyError("the bounds hold for the exact burst rule only, not public-guard (proofs/bounds/B-SB.md)")
        }
        events(.calibrating)
        let study = try inputs.study(plan.configuration)
        let samples = inputs.samples, steps = plan.steps, margin = plan.margin, bits = plan.bits
        let reference = study.reference, calibration = study.calibration
        let attributed = Set(samples.prefix(plan.certificates ? plan.attribute : 0).map(\.name))
        let bounded = Set(samples.prefix(plan.aPriori).map(\.name))
        let certified = Set(samples.prefix(enclosures == nil ? 0 : plan.certify).map(\.name))
        let domains = Array(samples.prefix(plan.aPriori))
        let certificates = plan.certificates
        let progress: @Sendable (Int, Int, String) -> Void = { done, total, name in events(.inputFinished(done: done, total: total, sample: name)) }
        guard plan.records else {
            let result = try study.run(samples: samples, steps: steps, progress: progress)
            events(.finished)
            return StudyResult(
                plan: plan, calibration: calibration, result: result, certificates: [], certified: [], aPriori: [],
                tasks: try inputs.taskResults(result))
        }
        let analysed = Mutex([Result<APrioriResult, any Error>]())
        let recorded = Mutex([String: RecordedSample]())
        let simulated = Mutex(Result<(result: ConversionResult, analyses: [(SampleCertificate?, CertifiedSample?)]), any Error>?.none)
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
                try study.run(samples: samples, steps: steps, progress: progress) { record in
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
        let (result, analyses) = try run.get()
        let aPriori = try analysed.withLock { $0 }.enumerated().map { index, r in
            let sample = domains[index]
            guard let record = recorded.withLock({ $0[sample.name] }) else { throw StudyError("\(sample.name) has no record") }
            let analysis = try r.get()
            let bound = try APrioriCertificate.certificate(
                analysis, record: record, point: reference, margin: margin, bits: APrioriCertificate.precision(analysis.engine, bits: bits))
            guard margin.sign > 0 else { return bound }
            events(.sampling(sample: sample.name, points: plan.domainPoints))
            let worst = try DomainSampling.measure(
                record.sample, margin: margin, count: plan.domainPoints, reference: reference, calibration: calibration, steps: steps)
            return try bound.withDomain(worst, points: plan.domainPoints)
        }
        events(.finished)
        return StudyResult(
            plan: plan, calibration: calibration, result: result, certificates: analyses.compactMap(\.0),
            certified: analyses.compactMap(\.1), aPriori: aPriori, tasks: try inputs.taskResults(result))
    }
}
