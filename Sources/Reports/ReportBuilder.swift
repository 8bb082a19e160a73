import Foundation
import Bounds
import ReferenceTransformer
import SpikingPipelines
import Statistics

/// What one pipeline's run produced, as `spikebound report` hands it to the builder.
public struct PipelineRun: Sendable {
    public var pipeline: String
    public var settings: [String: String]
    public var result: ConversionResult
    /// B-INJ in Double for every input (the first attributed).
    public var certificates: [SampleCertificate]
    /// The certified error (B-CERT) of the first inputs (`--certify`).
    public var certified: [CertifiedSample]
    /// B-NET or B-STA over the first inputs' domains (`--a-priori`).
    public var aPriori: [APrioriCertificate]
    /// The Double reference's rounding per layer, when measured.
    public var rounding: [LayerRounding]?
    public var operatorErrors: [OperatorDomainError]
    public var margin: String?
    public var bits: Int
    public var replay: String
    /// Each task's metric against T (`--pairs`, `--labels`), in task order.
    public var tasks: [TaskResult]
    /// The population bounds' coverage q and the confidence 1 − δ of every bound and interval.
    public var coverage: Level = .ninetyFivePercent
    public var confidence: Level = .ninetyFivePercent

    public init(
        pipeline: String, settings: [String: String], result: ConversionResult, certificates: [SampleCertificate],
        certified: [CertifiedSample], aPriori: [APrioriCertificate], rounding: [LayerRounding]?,
        operatorErrors: [OperatorDomainError], margin: String?, bits: Int, replay: String, tasks: [TaskResult] = []
    ) {
        self.tasks = tasks
        self.pipeline = pipeline
        self.settings = settings
        self.result = result
        self.certificates = certificates
        self.certified = certified
        self.aPriori = aPriori
        self.rounding = rounding
        self.operatorErrors = operatorErrors
        self.margin = margin
        self.bits = bits
        self.replay = replay
    }
}

/// Turns pipeline runs into a judged report.
public enum ReportBuilder {
    /// How many of a layer's largest site contributions the report keeps.
    public static let topContributions = 5
    /// Group operators further than this from their function (relative to max |f|) are findings.
    public static let operatorFindingThreshold = 0.05

    public static func build(
        name: String, provenance: Provenance, runs: [PipelineRun], tolerances: Tolerances?
    ) throws -> Report {
        let report = Report(
            name: name, provenance: provenance, tolerances: tolerances, pipelines: try runs.map(pipeline))
        return ReportJudge.judged(report, tolerances: tolerances)
    }

    static func pipeline(_ run: PipelineRun) throws -> PipelineReport {
        let result = run.result
        let attributed = run.certificates.first { $0.steps.contains { $0.attribution != nil } }
        let sites = run.aPriori.first?.siteBounds ?? []
        var population = run.certified.isEmpty
            ? nil : try PopulationSummary(inputs: run.certified.count, coverage: run.coverage, confidence: run.confidence)
        population?.setFeatureCosine(run.certified)
        var findings = [Finding]()
        let layers = try (0..<result.layers).map { l -> LayerReport in
            let steps = try result.steps.map { step -> LayerStep in
                guard l < step.layers.count, l < step.firingRates.count else {
                    throw ReportError("\(run.pipeline): no layer \(l) at T = \(step.T)")
                }
                let T = step.T
                let observed = step.layers[l]
                if !observed.maxAbs.isFinite {
                    findings.append(Finding(kind: "non-finite", layer: l, site: nil,
                        message: "the SNN's output at layer \(l) is not finite at T = \(T)"))
                }
                let aPriori = run.aPriori.compactMap { c -> InputBound? in
                    guard let layer = c.steps.first(where: { $0.T == T })?.layers.first(where: { $0.layer == l }) else { return nil }
                    let domain = c.domain?.steps.first { $0.T == T }?.layers.first { $0.layer == l }
                    return InputBound(
                        input: c.sample, bound: layer.bound, observed: layer.observed, domainObserved: domain?.observed,
                        domainPoints: domain == nil ? nil : c.domain?.points, cap: layer.cap, vacuous: layer.cap == nil ? nil : layer.isVacuous)
                }
                // Each certified input's layer at this T, looked up once for its bound and the population's.
                let certifiedLayers = run.certified.compactMap { c in
                    c.steps.first { $0.T == T }?.layers.first { $0.layer == l }.map { (sample: c.sample, layer: $0) }
                }
                let certified = certifiedLayers.map { InputBound(input: $0.sample, bound: $0.layer.bound, observed: $0.layer.observedLower) }
                let perInput = run.certificates.compactMap { layerCertificate($0, T: T, layer: l) }
                let populationStep = certifiedLayers.count == run.certified.count
                    ? PopulationStep.from(certifiedLayers.map(\.layer), rank: population?.rank) : nil
                // Per checked input, its tightest certified bound; the layer shows the largest.
                var tightest = [String: InputBound]()
                for b in aPriori + certified where tightest[b.input].map({ b.bound < $0.bound }) ?? true { tightest[b.input] = b }
                let attribution = attributed?.steps.first { $0.T == T }?.attribution?.layers.first { $0.layer == l }
                let sitesHere = EncoderSite.neuronSites.map { site -> SiteStep in
                    let bound = sites.first { $0.layer == l && $0.site == site.rawValue }?.steps.first { $0.T == T }
                    return SiteStep(
                        site: site.rawValue, status: .unchecked, firingRate: step.firingRates[l][site.rawValue],
                        bound: bound?.bound, observed: bound?.observed,
                        contribution: attribution?.contributions.first { $0.site == SiteKey(layer: l, site: site) }?.magnitude)
                }
                return LayerStep(
                    T: T, status: .unchecked, reasons: [], observed: ObservedError(observed),
                    bound: tightest.values.map(\.bound).max(), checkedObserved: tightest.values.map(\.observed).max(),
                    tightness: tightest.values.compactMap { $0.bound > 0 ? $0.observed / $0.bound : nil }.max(),
                    aPriori: aPriori, certified: certified,
                    explained: perInput.map(\.injectedError).max() ?? 0, remainder: perInput.map(\.remainder).max() ?? 0,
                    rounding: run.rounding?.first { $0.layer == l }?.roundingBound, sites: sitesHere,
                    attribution: attribution.flatMap { a in
                        attributed.map { c in
                            Attribution(input: c.sample, interaction: a.interaction, top: a.contributions.prefix(topContributions).map {
                                SiteShare(site: "layer \($0.site.layer) \($0.site.site.rawValue)", magnitude: $0.magnitude)
                            })
                        }
                    }, population: populationStep)
            }
            return LayerReport(
                layer: l, status: .unchecked, slope: slope(steps.map { (Double($0.T), $0.observed.maxAbs) }), steps: steps)
        }
        for c in run.aPriori {
            findings += c.findings.map {
                Finding(kind: $0.kind.rawValue, layer: $0.layer, site: $0.site, message: "over \(c.sample) ± \(c.margin): \($0.message)")
            }
        }
        for e in run.operatorErrors where e.relativeError > operatorFindingThreshold {
            findings.append(Finding(kind: "operator", layer: nil, site: e.operatorName, message:
                "the \(e.function) operator is off by up to \(short(e.relativeError * 100))% of max|f| on the calibrated range [\(short(e.domain[0])), \(short(e.domain[1]))]"))
        }
        let endMetrics = result.steps.map { step in
            // In a fixed order (layer, then site name), so that the sum is the same in every run.
            let rates = step.firingRates.flatMap { $0.sorted { $0.key < $1.key }.map(\.value) }
            return EndMetric(
                T: step.T, cosineMin: step.agreement.minimumCosine, cosineMean: step.agreement.meanCosine,
                rankCorrelation: step.agreement.rankCorrelation,
                firingRate: rates.isEmpty ? 0 : rates.reduce(0, +) / Double(rates.count), energyRatio: step.energyRatio,
                synapticOperations: step.synapticOperations)
        }
        return PipelineReport(
            pipeline: run.pipeline, verdict: .unchecked, settings: run.settings, theorem: run.aPriori.first?.theorem,
            aPrioriInputs: run.aPriori.map(\.sample), margin: run.aPriori.isEmpty ? nil : run.margin,
            certifiedInputs: run.certified.map(\.sample), attributedInput: attributed?.sample, bits: run.bits, layers: layers,
            endMetrics: endMetrics, tasks: try run.tasks.map { try TaskReport($0, confidence: run.confidence) },
            operatorErrors: run.operatorErrors.map(OperatorErrorReport.init), findings: findings, replay: run.replay, population: population)
    }

    /// Least squares of log y against log x over the points with x, y > 0 and finite.
    static func slope(_ points: [(Double, Double)]) -> Double? {
        let logs = points.filter { $0.0 > 0 && $0.1 > 0 && $0.0.isFinite && $0.1.isFinite }.map { (log($0.0), log($0.1)) }
        guard logs.count >= 2 else { return nil }
        let n = Double(logs.count)
        let mx = logs.map(\.0).reduce(0, +) / n, my = logs.map(\.1).reduce(0, +) / n
        let sxx = logs.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
        guard sxx > 0 else { return nil }
        return logs.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +) / sxx
    }

    static func layerCertificate(_ c: SampleCertificate, T: Int, layer: Int) -> LayerCertificate? {
        c.steps.first { $0.T == T }?.layers.first { $0.layer == layer }
    }
}
