import Foundation
@testable import Reports
@testable import SpikingPipelines

/// Small hand-made reports for the judge, the renderers and the browser test.
enum SampleReports {
    static func statistics(_ maxAbs: Double) -> ObservedError {
        ObservedError(maxAbs: maxAbs, meanAbs: maxAbs / 4, rms: maxAbs / 3, relative: maxAbs / 10, count: 40)
    }

    /// A layer step whose first input has the given a priori bound (none when nil) and whose
    /// first site has the given site bound and |V|/T.
    static func step(
        T: Int, observed: Double, aPriori: Double? = nil, checked: Double? = nil, siteBound: Double? = nil, siteObserved: Double? = nil
    ) -> LayerStep {
        let bounds = aPriori.map { [InputBound(input: "input.0", bound: $0, observed: checked ?? observed)] } ?? []
        return LayerStep(
            T: T, status: .unchecked, reasons: [], observed: statistics(observed), bound: aPriori,
            checkedObserved: aPriori == nil ? nil : (checked ?? observed), tightness: aPriori.map { (checked ?? observed) / $0 },
            aPriori: bounds, certified: [], explained: observed, remainder: 1e-16, rounding: nil,
            sites: [SiteStep(site: "qkv-input", status: .unchecked, firingRate: 0.25, bound: siteBound, observed: siteObserved, contribution: observed / 2),
                    SiteStep(site: "fc1-input", status: .unchecked, firingRate: 0.5, bound: nil, observed: nil, contribution: nil)],
            attribution: Attribution(input: "input.0", interaction: observed / 100, top: [SiteShare(site: "layer 0 qkv-input", magnitude: observed / 2)]))
    }

    /// A pipeline of `layers` layers at T = 1, 4, 16, 64 whose error falls as 1/T, with an a
    /// priori bound of twice the error, and `planted` (layer, T index) observed above its bound.
    static func pipeline(_ name: String, layers: Int = 3, planted: (layer: Int, step: Int)? = nil, bounded: Bool = true) -> PipelineReport {
        let grid = [1, 4, 16, 64]
        let layerReports = (0..<layers).map { l in
            LayerReport(layer: l, status: .unchecked, slope: -1, steps: grid.enumerated().map { k, T in
                let e = Double(l + 1) / Double(T)
                let bad = planted.map { $0.layer == l && $0.step == k } ?? false
                return step(T: T, observed: e, aPriori: bounded ? (bad ? e / 2 : 2 * e) : nil, siteBound: bounded ? 1 / Double(T) : nil,
                    siteObserved: bounded ? 0.5 / Double(T) : nil)
            })
        }
        return PipelineReport(
            pipeline: name, verdict: .unchecked, settings: ["levels": "8"], theorem: bounded ? "B-NET" : nil,
            aPrioriInputs: bounded ? ["input.0"] : [], margin: bounded ? "0" : nil, certifiedInputs: [], attributedInput: "input.0",
            bits: 64, layers: layerReports,
            endMetrics: grid.map { T in
                EndMetric(T: T, cosineMin: 1 - 0.5 / Double(T), cosineMean: 1 - 0.25 / Double(T), rankCorrelation: 0.9,
                    firingRate: 0.3, energyRatio: Double(T) / 10, synapticOperations: 1000 * T)
            },
            operatorErrors: [],
            findings: [Finding(kind: "saturation", layer: 1, site: "fc1-input", message: "over input.0 ± 0: <values> & \"quotes\"")],
            replay: "spikebound run --model 'My Model' --pipeline \(name)")
    }

    static func report(_ pipelines: [PipelineReport], tolerances: Tolerances? = nil) -> Report {
        let provenance = Provenance(
            tool: "spikebound test", gitRevision: "0123456789abcdef", swift: "Swift 6.3", gmp: "GMP 6.2.1", blas: "built-in",
            date: "2026-12-02T00:00:00Z",
            model: ModelProvenance(path: "Fixtures/x", architecture: "bert", layers: 3, hiddenSize: 8,
                sha256: ["model.safetensors": String(repeating: "a", count: 64)], inputs: ["input.0", "input.1"]),
            T: [1, 4, 16, 64], seeds: [:], options: ["pipelines": "ecmt"], command: "spikebound report --model Fixtures/x")
        return ReportJudge.judged(Report(name: "sample", provenance: provenance, tolerances: tolerances, pipelines: pipelines), tolerances: tolerances)
    }
}
