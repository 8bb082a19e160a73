import Foundation

/// Decides every status of a report from its values alone (observed errors, certified bounds)
/// and a set of tolerances, so that `spikebound check` judges a report.json without trusting
/// the statuses written in it.
public enum ReportJudge {
    /// The report with every status, reason and verdict recomputed under `tolerances`.
    public static func judged(_ report: Report, tolerances: Tolerances?) -> Report {
        var out = report
        out.tolerances = tolerances
        out.pipelines = report.pipelines.map { judged($0, tolerances: tolerances) }
        out.verdict = Verdict.combining(out.pipelines.map(\.verdict))
        return out
    }

    static func judged(_ pipeline: PipelineReport, tolerances: Tolerances?) -> PipelineReport {
        var out = pipeline
        out.layers = pipeline.layers.map { layer in
            var l = layer
            l.steps = layer.steps.map { judged($0, pipeline: pipeline.pipeline, layer: layer.layer, tolerances: tolerances) }
            l.status = l.steps.map(\.status).min() ?? .unchecked
            return l
        }
        out.verdict = Verdict(out.layers.flatMap { $0.steps.map(\.status) })
        out.tNeeded = TNeededAnswers.answers(out, tolerances: tolerances)
        return out
    }

    static func judged(_ step: LayerStep, pipeline: String, layer: Int, tolerances: Tolerances?) -> LayerStep {
        var s = step
        var reasons = [Reason]()
        func fail(_ status: Status, _ message: String) { reasons.append(Reason(status: status, message: message)) }
        for b in step.aPriori where !(b.observed <= b.bound) {
            fail(.unsound, "\(b.input): observed \(short(b.observed)) above its a priori bound \(shortUp(b.bound))")
        }
        for b in step.aPriori {
            if let worst = b.domainObserved, !(worst <= b.bound) {
                fail(.unsound, "\(b.input): a point of its domain has error \(short(worst)) above the a priori bound \(shortUp(b.bound))")
            }
        }
        for b in step.certified where !(b.observed <= b.bound) {
            fail(.unsound, "\(b.input): observed (certified lower bound) \(short(b.observed)) above its certified bound \(shortUp(b.bound))")
        }
        let limits = tolerances?.limits(pipeline: pipeline, layer: layer, site: nil, T: step.T)
        if let limit = limits?.observed, !(step.observed.maxAbs <= limit) {
            fail(.overTolerance, "observed \(short(step.observed.maxAbs)) above its tolerance \(short(limit))")
        }
        if let limit = limits?.bound, let bound = step.bound, !(bound <= limit) {
            fail(.loose, "bound \(shortUp(bound)) above its tolerance \(short(limit))")
        }
        for (name, limit, value) in [
            ("max-abs", limits?.population, step.population?.maxAbs), ("relative", limits?.populationRelative, step.population?.relative),
        ] {
            guard let limit else { continue }
            // A limit on a population bound that could not be computed is not met: nothing unconfirmed passes.
            if let value {
                if !(value <= limit) { fail(.loose, "population bound (\(name)) \(shortUp(value)) above its tolerance \(short(limit))") }
            } else {
                fail(.loose, "no population bound (\(name)) to hold to its tolerance \(short(limit)): too few certified inputs")
            }
        }
        s.sites = step.sites.map { site in
            var out = site
            var siteStatuses = [Status]()
            if let bound = site.bound, let observed = site.observed {
                // A NaN compares as unsound: nothing unconfirmed passes.
                let holds = observed <= bound
                siteStatuses.append(holds ? .sound : .unsound)
                if !holds { fail(.unsound, "\(site.site): |V|/T = \(short(observed)) above its a priori bound \(shortUp(bound))") }
            }
            let siteLimits = tolerances?.limits(pipeline: pipeline, layer: layer, site: site.site, T: step.T)
            if let limit = siteLimits?.observed, let observed = site.observed, !(observed <= limit) {
                siteStatuses.append(.overTolerance)
                fail(.overTolerance, "\(site.site): |V|/T = \(short(observed)) above its tolerance \(short(limit))")
            }
            if let limit = siteLimits?.bound, let bound = site.bound, !(bound <= limit) {
                siteStatuses.append(.loose)
                fail(.loose, "\(site.site): bound \(shortUp(bound)) above its tolerance \(short(limit))")
            }
            out.status = siteStatuses.min() ?? .unchecked
            return out
        }
        let checked = !step.aPriori.isEmpty || !step.certified.isEmpty
        s.status = reasons.map(\.status).min() ?? (checked ? .sound : .unchecked)
        s.reasons = reasons
        return s
    }
}
