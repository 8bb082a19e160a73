import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import SpikingPipelines
import Tensors

/// Theorem B-STA through centred forms (B-CF-STA, proofs/bounds/B-CF.md): the a priori bound
/// of B-STA for the STA pipeline over the domain x₀ ± margin, with F̃ (the ANN with STA's
/// operators, B-INJ) carried as radii about its values at x₀, enclosed in Arb balls, instead of
/// as boxes. With F̃_l(x; δ) the SNN's mean at layer l (B-INJ's STA corollary),
///
///     |SNN_l(x, T) − ANN_l(x)| ≤ |F̃_l(x; δ) − F̃_l(x₀; 0)| + |F̃_l(x₀; 0) − ANN_l(x₀)| + |ANN_l(x₀) − ANN_l(x)|
///                              ≤ R^P_l + Δ_l + R^A_l,
///
/// Δ_l from the two traces' balls, R^A_l the exact ANN's own deviation over the domain (B-CF's
/// clean deviation; 0 for a point domain), and R^P_l the injected run's radius: at every site,
/// each entry's B-PSUM bound (`STACentredSite`, `STACentredGELU`) from its own gap
/// G = R^P + R^D (R^D: F̃'s clean deviation) is injected for the bucket.
public enum STACentredAPriori {
    /// Runs the analysis of `input` ± margin (rows: the kept tokens of `mask`).
    public static func analyse(
        weights: EncoderWeights<Double>, calibration: PipelineCalibration, input: Tensor<Double>, margin: Rational,
        mask: [Bool]?, steps: [Int], precision: Int = CentredAPriori.precision, progress: ((AnalysisStage) -> Void)? = nil,
        mutation: APrioriBound.Mutation? = nil
    ) throws -> APrioriResult {
        guard calibration.configuration.kind == .sta, let operators = calibration.operators else {
            throw BoundError.invalidParameter("the centred STA analysis needs an STA calibration with its group operators")
        }
        let kept = try CentredAPriori.keptRows(
            weights: weights, calibration: calibration, input: input, margin: margin, mask: mask, steps: steps)
        let shift = calibration.configuration.softmaxShift
        let balls = try weights.converted(to: Ball.self)
        progress?(AnalysisStage("centres"))
        let staTrace = try STACentredTrace.tracing(weights: balls, operators: operators, shift: shift, input: kept, precision: precision)
        let annTrace = try CentredTrace.tracing(weights: balls, input: kept, precision: precision)
        let magnitudes = try weights.blocks.map(BlockMagnitudes.init)
        let slopes = STASlopes(operators)
        let radius = margin.doubleValue(rounding: .up)
        let start = Tensor<Double>(shape: kept.shape, repeating: radius)

        // Δ_l and, over a domain, the exact ANN's own deviation R^A_l (B-CF's clean deviation).
        var offsets = [Tensor<Double>]()
        for l in weights.blocks.indices {
            guard let f = staTrace.layers[l].sites[.output], let a = annTrace.layers[l].sites[.output], f.shape == a.shape else {
                throw BoundError.invalidParameter("layer \(l): no output centre")
            }
            offsets.append(try Tensor(shape: f.shape, values: f.lo.indices.map { e in
                Swift.max(0, Upward.add(f.hi[e], -a.lo[e]), Upward.add(a.hi[e], -f.lo[e]))
            }))
        }
        if margin.sign > 0 {
            progress?(AnalysisStage("the ANN's deviation over the domain"))
            let epsilon = weights.config.layerNormEpsilon.doubleValue(rounding: .down)
            var x = start
            for l in weights.blocks.indices {
                x = try CentredBlock(
                    config: weights.config, trace: annTrace.layers[l], scale: annTrace.scale, gamma1: annTrace.gamma1[l],
                    gamma2: annTrace.gamma2[l], epsilon: epsilon, weights: magnitudes[l], mode: .means, site: { _, _, r in r }
                ).output(x)
                offsets[l] = try CentredRule.sum(offsets[l], x)
            }
        }

        func block(_ l: Int, site: @escaping STACentredBlock.Site, widen: @escaping STACentredBlock.Widening) -> STACentredBlock {
            STACentredBlock(
                config: weights.config, trace: staTrace.layers[l], scale: staTrace.scale, gamma1: annTrace.gamma1[l],
                gamma2: annTrace.gamma2[l], weights: magnitudes[l], slopes: slopes, shift: shift, site: site, widen: widen)
        }
        var sites = [SiteKey: STACentredSite](), gelus = [STACentredGELU]()
        for (l, calibrated) in calibration.layers.enumerated() {
            for site in EncoderSite.neuronSites {
                let key = SiteKey(layer: l, site: site)
                guard let thresholds = calibrated.thresholds[site], !thresholds.isEmpty, let centre = staTrace.layers[l].sites[site] else {
                    throw BoundError.invalidParameter("\(key): no thresholds or no centre")
                }
                let neurons = try PartialSumBound.staSite(site, thresholds: thresholds, burstLimit: calibration.configuration.burstLimit)
                sites[key] = try STACentredSite(key: key, neurons: neurons, centre: centre)
            }
            guard let z = staTrace.layers[l].sites[.geluInput] else { throw BoundError.invalidParameter("layer \(l): no GELU input") }
            gelus.append(try STACentredGELU(layer: l, group: operators.gelu, thresholds: calibrated.geluThresholds, centre: z))
        }

        progress?(AnalysisStage("F̃'s deviation over the domain"))
        var clean = [SiteKey: Tensor<Double>](), cleanGELU = [Tensor<Double>](repeating: Tensor(shape: [0], repeating: 0), count: gelus.count)
        var x = start
        for l in weights.blocks.indices {
            progress?(AnalysisStage("F̃'s deviation over the domain", layer: l))
            x = try block(l, site: { s, _, r in
                clean[SiteKey(layer: l, site: s)] = r
                return r
            }, widen: { _, z in
                cleanGELU[l] = z
                return Tensor(shape: z.shape, repeating: 0)
            }).output(x)
        }
        for (key, r) in clean { try sites[key]?.setMeans(deviation: r) }
        for l in gelus.indices { try gelus[l].setMeans(deviation: cleanGELU[l]) }

        var bounds = [Int: [Double]]()
        let grid = Set(steps)
        for bucket in APrioriBound.buckets(steps) {
            let stage = APrioriBound.stage("injected STA operators", bucket)
            progress?(AnalysisStage(stage))
            x = start
            var layerBounds = [Double]()
            for l in weights.blocks.indices {
                progress?(AnalysisStage(stage, layer: l))
                x = try block(l, site: { s, _, r in
                    let key = SiteKey(layer: l, site: s)
                    guard var site = sites[key], let d = clean[key] else { throw BoundError.invalidParameter("\(key): no state") }
                    let injected = try site.advance(through: bucket, deviation: r, clean: d, mutation: mutation)
                    sites[key] = site
                    return injected
                }, widen: { _, z in
                    try gelus[l].advance(through: bucket, deviation: z, clean: cleanGELU[l], mutation: mutation)
                }).output(x)
                try STACentredBlock.check(x, "layer \(l)'s output")
                layerBounds.append(try zip(x.values, offsets[l].values).reduce(0.0) { try CentredAPriori.largest($0, Upward.add($1.0, $1.1)) })
            }
            if grid.contains(bucket.lowerBound) { bounds[bucket.lowerBound] = layerBounds }
        }
        let findings = sites.keys.sorted().flatMap { sites[$0]?.findings ?? [] } + gelus.flatMap(\.findings)
        return APrioriResult(
            theorem: "B-STA", steps: steps, bounds: bounds, sites: [], siteCount: sites.count, findings: findings, engine: .centredForms)
    }
}
