import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import SpikingPipelines
import Tensors

/// Theorem B-NET through centred forms (B-CF, proofs/bounds/B-CF.md): the a priori bound of
/// B-NET for the ECMT pipeline over the domain x₀ ± margin, with every network-level step
/// carried as radii about the exact ANN at x₀ (enclosed in Arb balls) instead of as boxes.
///
/// 1. The exact ANN at x₀ at every operator (`CentredTrace`), kept tokens only.
/// 2. B-STEP in centred form (`CentredBlock`, mode `steps`): every entry's per-step input box
///    c ± S. The entries of a site are grouped into classes by that box's ends, rounded outward
///    to a signed grid of quarter powers of two (CF-CLASS), and each class gets its own neuron bounds
///    (B-MT, B-REACH, its membrane box), so an entry whose inputs stay small is bounded by the
///    residues its ladder can reach, not by the site's worst one.
/// 3. The clean deviation R^D (the margin carried through the ANN; 0 for a point domain).
/// 4. For each bucket of steps (as `APrioriBound.buckets`), the injected deviation R^P: at every
///    site, each class's gap G = max (R^P + R^D) over its entries gives D(t) = t·G, and the
///    class's bound B̂(t) = min(B(t), B-PSUM) is injected into its entries. B_l(T) = max over the
///    kept tokens of R^P_l + R^D_l for the bucket that starts at T.
public enum CentredAPriori {
    /// The working precision of the balls that enclose the centres, in bits.
    public static let precision = 192

    /// Runs the analysis of `input` ± margin (rows: the kept tokens of `mask`).
    public static func analyse(
        weights: EncoderWeights<Double>, calibration: PipelineCalibration, input: Tensor<Double>, margin: Rational,
        mask: [Bool]?, steps: [Int], precision: Int = CentredAPriori.precision, progress: ((AnalysisStage) -> Void)? = nil,
        mutation: APrioriBound.Mutation? = nil
    ) throws -> APrioriResult {
        guard calibration.configuration.kind == .ecmt else {
            throw BoundError.invalidParameter("the centred a priori analysis covers the ECMT pipeline only")
        }
        let kept = try CentredAPriori.keptRows(
            weights: weights, calibration: calibration, input: input, margin: margin, mask: mask, steps: steps)
        progress?(AnalysisStage("centres"))
        let trace = try CentredTrace.tracing(weights: weights.converted(to: Ball.self), input: kept, precision: precision)
        let magnitudes = try weights.blocks.map(BlockMagnitudes.init)
        let radius = margin.doubleValue(rounding: .up)
        let start = Tensor<Double>(shape: kept.shape, repeating: radius)
        let epsilon = weights.config.layerNormEpsilon.doubleValue(rounding: .down)
        func block(_ l: Int, _ mode: CentredBlock.Mode, _ site: @escaping CentredBlock.Site) -> CentredBlock {
            CentredBlock(
                config: weights.config, trace: trace.layers[l], scale: trace.scale, gamma1: trace.gamma1[l],
                gamma2: trace.gamma2[l], epsilon: epsilon, weights: magnitudes[l], mode: mode, site: site)
        }

        progress?(AnalysisStage("per-step ranges"))
        var sites = [SiteKey: CentredSite]()
        var x = start
        for l in weights.blocks.indices {
            progress?(AnalysisStage("per-step ranges", layer: l))
            let models: [EncoderSite: MultiThresholdNeuron<Rational>] = try calibration.layers[l].multiThresholdNeurons(
                layer: l, configuration: calibration.configuration)
            var found = [SiteKey: CentredSite]()
            x = try block(l, .steps) { s, c, r in
                guard let model = models[s] else { throw BoundError.invalidParameter("layer \(l): no neuron at \(s.rawValue)") }
                let site = try CentredSite(neuron: model, centre: c, steps: r)
                found[SiteKey(layer: l, site: s)] = site
                return site.spikes
            }.output(x)
            sites.merge(found) { a, _ in a }
        }

        progress?(AnalysisStage("reference deviation"))
        var clean = [SiteKey: Tensor<Double>]()
        var cleanLayers = [Tensor<Double>]()
        x = start
        for l in weights.blocks.indices {
            progress?(AnalysisStage("reference deviation", layer: l))
            x = try block(l, .means) { s, _, r in
                clean[SiteKey(layer: l, site: s)] = r
                return r
            }.output(x)
            cleanLayers.append(x)
        }
        for (key, r) in clean { try sites[key]?.setMeans(deviation: r) }

        var bounds = [Int: [Double]]()
        let grid = Set(steps)
        for bucket in APrioriBound.buckets(steps) {
            let stage = APrioriBound.stage("injected means", bucket)
            progress?(AnalysisStage(stage))
            x = start
            var layerBounds = [Double]()
            for l in weights.blocks.indices {
                progress?(AnalysisStage(stage, layer: l))
                x = try block(l, .means) { s, _, r in
                    let key = SiteKey(layer: l, site: s)
                    guard var site = sites[key], let d = clean[key] else { throw BoundError.invalidParameter("\(key): no per-step range") }
                    let injected = try site.advance(through: bucket, deviation: r, clean: d, mutation: mutation)
                    sites[key] = site
                    return injected
                }.output(x)
                layerBounds.append(try zip(x.values, cleanLayers[l].values).reduce(0.0) { try Self.largest($0, Upward.add($1.0, $1.1)) })
            }
            if grid.contains(bucket.lowerBound) { bounds[bucket.lowerBound] = layerBounds }
        }
        let ordered = sites.keys.sorted()
        let ranges = try ordered.map { key -> SiteRange in
            guard let site = sites[key] else { throw BoundError.invalidParameter("\(key) lost") }
            return try site.range(layer: key.layer, site: key.site, steps: steps)
        }
        return APrioriResult(
            theorem: "B-NET", steps: steps, bounds: bounds, sites: ranges, siteCount: ranges.count,
            findings: ranges.flatMap(\.findings), engine: .centredForms)
    }

    /// The kept rows of `input`, after the checks both centred analyses make of their arguments:
    /// the calibration's layers, a T grid of T ≥ 1, a margin ≥ 0, the input's shape and the mask.
    static func keptRows(
        weights: EncoderWeights<Double>, calibration: PipelineCalibration, input: Tensor<Double>, margin: Rational, mask: [Bool]?,
        steps: [Int]
    ) throws -> Tensor<Double> {
        guard calibration.layers.count == weights.blocks.count else {
            throw BoundError.invalidParameter(
                "calibration of \(calibration.layers.count) layers for an encoder of \(weights.blocks.count)")
        }
        guard !steps.isEmpty, steps.allSatisfy({ $0 >= 1 }) else {
            throw BoundError.invalidParameter("the T grid must be non-empty with every T ≥ 1, got \(steps)")
        }
        guard margin.sign >= 0 else { throw BoundError.domain("the margin \(margin) must be ≥ 0") }
        guard input.rank == 2, input.shape[1] == weights.config.hiddenSize else {
            throw BoundError.invalidParameter("input \(input.shape) for hidden size \(weights.config.hiddenSize)")
        }
        if let mask, mask.count != input.shape[0] || !mask.contains(true) {
            throw BoundError.invalidParameter("the mask must have one entry per token and keep one")
        }
        let rows = (0..<input.shape[0]).filter { mask?[$0] ?? true }
        return try Tensor(shape: [rows.count, input.shape[1]], values: rows.flatMap { Array(input.row($0)) })
    }

    /// max(a, b), refusing a bound that is not a number.
    static func largest(_ a: Double, _ b: Double) throws -> Double {
        guard !b.isNaN else { throw BoundError.domain("a centred radius is not a number") }
        return Swift.max(a, b)
    }
}
