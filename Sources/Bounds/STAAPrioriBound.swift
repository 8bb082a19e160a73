import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import SpikingPipelines
import Tensors

/// Theorem B-STA (proofs/bounds/B-STA.md): a certified bound B_l(T) on |SNN_l(x, T) − ANN_l(x)|
/// for every input x in a domain of boxes, every layer l and T, for the STA pipeline.
///
/// By B-INJ's STA corollary, SNN_l(x, T) = F̃_l(x; δ(T)): the ANN with STA's compositions and
/// group operators (B-COMP), with −ρ_i(T)/T injected at each signed-pair site and at the
/// probability site's IF neurons, and the spiking GELU's quantisation added to g. At every t the
/// running mean of a site's input is F̃_k(x; δ(t)), so its partial sums stay within
/// D_k(t) = t·max|P̃_k(t) − C̃_k| of t·F̃_k(x; 0), and B-PSUM bounds the site (pairs per channel,
/// the IF neurons, every hidden unit of the GELU group) without per-step ranges. The injected
/// F̃ over the domain, minus the exact ANN's enclosure C_l, bounds the error; it includes what
/// STA's operators themselves cost (the softmax clamp, the group operators' approximation).
public enum STAAPrioriBound {
    public static func analyse(
        reference: ReferenceEncoder<Interval>, calibration: PipelineCalibration, domain: Tensor<Interval>,
        mask: [Bool]?, rows: [Int], steps: [Int], progress: ((AnalysisStage) -> Void)? = nil
    ) throws -> APrioriResult {
        guard calibration.configuration.kind == .sta, let operators = calibration.operators else {
            throw BoundError.invalidParameter("the STA a priori analysis needs an STA calibration with its group operators")
        }
        guard !steps.isEmpty, steps.allSatisfy({ $0 >= 1 }) else {
            throw BoundError.invalidParameter("the T grid must be non-empty with every T ≥ 1, got \(steps)")
        }
        guard calibration.layers.count == reference.weights.blocks.count else {
            throw BoundError.invalidParameter(
                "calibration of \(calibration.layers.count) layers for an encoder of \(reference.weights.blocks.count)")
        }
        let reference = try reference.tabulatingBoxes()
        let approximation = STAApproximation(
            reference: reference,
            functions: try STACompositionBoxes(operators, shift: calibration.configuration.softmaxShift, bits: reference.context.bits))
        progress?(AnalysisStage("reference over the domain"))
        let clean = try reference.forward(domain, mask: mask)
        progress?(AnalysisStage("STA's operators over the domain"))
        var means = [SiteKey: Tensor<Interval>](), geluMeans = [Int: Tensor<Interval>]()
        _ = try approximation.forward(domain, mask: mask, inject: { layer, site, value in
            means[SiteKey(layer: layer, site: site)] = value
            return value
        }, widen: { layer, z in
            geluMeans[layer] = z
            return Interval.zero
        })
        let tokens = domain.shape[0]
        let masked = Set((0..<tokens).filter { !(mask?[$0] ?? true) })
        var sites = [SiteKey: STASiteState](), gelus = [Int: GELUState]()
        for (layer, calibrated) in calibration.layers.enumerated() {
            for site in EncoderSite.neuronSites {
                let key = SiteKey(layer: layer, site: site)
                guard let mean = means[key], let thresholds = calibrated.thresholds[site], !thresholds.isEmpty else {
                    throw BoundError.invalidParameter("\(key): no thresholds or no reference values")
                }
                let neurons = try PartialSumBound.staSite(site, thresholds: thresholds, burstLimit: calibration.configuration.burstLimit)
                // Masked keys of the probabilities get exactly 0 at every step, so their IF neurons never fire.
                let silent: (Int) -> Bool = site == .attentionProbabilities ? { masked.contains(($0 % mean.rowLength) % tokens) } : { _ in false }
                sites[key] = try STASiteState(key: key, neurons: neurons, means: mean, silent: silent)
            }
            guard let z = geluMeans[layer] else { throw BoundError.invalidParameter("layer \(layer): no GELU input") }
            gelus[layer] = try GELUState(group: operators.gelu, thresholds: calibrated.geluThresholds, means: z)
        }
        var bounds = [Int: [Double]]()
        let grid = Set(steps)
        for bucket in APrioriBound.buckets(steps) {
            let stage = APrioriBound.stage("injected STA operators", bucket)
            progress?(AnalysisStage(stage))
            let injected = try approximation.forward(domain, mask: mask, inject: { layer, site, value in
                if site == .qkvInput { progress?(AnalysisStage(stage, layer: layer)) }
                let key = SiteKey(layer: layer, site: site)
                guard var state = sites[key] else { throw BoundError.invalidParameter("\(key): no state") }
                let out = try state.advance(through: bucket, meanInputs: value)
                sites[key] = state
                return out
            }, widen: { layer, z in
                guard var state = gelus[layer] else { throw BoundError.invalidParameter("layer \(layer): no GELU state") }
                let e = try state.advance(through: bucket, meanInputs: z)
                gelus[layer] = state
                return try APrioriBound.injectionBox(radius: e)
            })
            if grid.contains(bucket.lowerBound) {
                bounds[bucket.lowerBound] = try zip(injected, clean).map { try ErrorAttribution.maxMagnitude($0 - $1, rows) }
            }
        }
        var findings = [BoundFinding]()
        for key in sites.keys.sorted() { findings += sites[key]?.findings ?? [] }
        for layer in gelus.keys.sorted() { findings += gelus[layer]?.findings(layer: layer) ?? [] }
        return APrioriResult(theorem: "B-STA", steps: steps, bounds: bounds, sites: [], siteCount: sites.count, findings: findings)
    }
}

/// One STA neuron site during the analysis: a B-PSUM bound per channel (the signed pairs'
/// per-channel thresholds; one IF threshold at the probabilities), the hull of each channel's
/// F̃ values, and D_t so far.
struct STASiteState {
    let key: SiteKey
    let neurons: [PartialSumBound]
    let means: Tensor<Interval>
    /// Per channel, the hull of the F̃(x; 0) values.
    let channelHulls: [Interval]
    let silent: (Int) -> Bool
    var deviations: [Rational] = [.zero]
    var largestEarlier = Rational.zero

    init(key: SiteKey, neurons: [PartialSumBound], means: Tensor<Interval>, silent: @escaping (Int) -> Bool) throws {
        self.key = key
        self.neurons = neurons
        self.means = means
        self.silent = silent
        let width = means.rowLength, channels = neurons.count
        guard channels == 1 || channels == width else {
            throw BoundError.invalidParameter("\(key): \(channels) thresholds for rows of \(width)")
        }
        var hulls = [Interval?](repeating: nil, count: channels)
        for (i, v) in means.values.enumerated() {
            let c = channels == 1 ? 0 : i % width
            hulls[c] = hulls[c].map { $0.hull(v) } ?? v
        }
        channelHulls = hulls.map { $0 ?? Interval(.zero) }
    }

    func channel(_ i: Int) -> Int { neurons.count == 1 ? 0 : i % means.rowLength }

    /// Extends D_t over the bucket from a box holding the site's input means there, and returns
    /// the site's value with each entry widened by its channel's largest bound of the bucket.
    mutating func advance(through bucket: ClosedRange<Int>, meanInputs: Tensor<Interval>) throws -> Tensor<Interval> {
        guard deviations.count == bucket.lowerBound, meanInputs.values.count == means.values.count else {
            throw BoundError.invalidParameter("\(key): bucket \(bucket) out of order or shape changed")
        }
        let gap = APrioriBound.largestGap(meanInputs, means)
        var widths = [Rational](repeating: .zero, count: neurons.count)
        for t in bucket {
            let d = Rational(t) * gap
            deviations.append(d)
            for c in neurons.indices {
                let b = try neurons[c].simplifiedValue(at: t, means: channelHulls[c], deviation: d, earlier: largestEarlier)
                widths[c] = Swift.max(widths[c], b)
            }
            largestEarlier = Swift.max(largestEarlier, d)
        }
        let boxes = try widths.map { try APrioriBound.injectionBox(radius: $0) }
        var values = meanInputs.values
        for i in values.indices where !silent(i) { values[i] = values[i] + boxes[channel(i)] }
        return try Tensor(shape: meanInputs.shape, values: values)
    }

    /// One finding for a site whose F̃ values pass a channel's range (the error keeps a part
    /// that does not vanish): how many channels, and the one that passes it most.
    var findings: [BoundFinding] {
        func excess(_ c: Int) -> Rational {
            Swift.max(channelHulls[c].hi - neurons[c].topPositive, -channelHulls[c].lo - neurons[c].topNegative)
        }
        let past = neurons.indices.filter { excess($0).sign > 0 }
        guard let worst = past.max(by: { excess($0) < excess($1) }) else { return [] }
        let h = channelHulls[worst], n = neurons[worst]
        let certified = ValueRange(enclosing: h)
        let levels = ValueRange(lo: (-n.topNegative).doubleValue(rounding: .down), hi: n.topPositive.doubleValue(rounding: .up))
        let which = neurons.count == 1 ? "" : " (\(past.count) of \(neurons.count) channels; the most: channel \(worst))"
        if n.topNegative.isZero && h.lo.sign < 0 {
            return [BoundFinding(.unrepresentable, layer: key.layer, site: key.site.rawValue, certified: certified, levels: levels, point: nil,
                message: "the analysis's enclosure of the values F̃ takes\(which), \(certified), reaches below 0, which the unsigned "
                    + "neuron cannot represent (range \(levels)); not checked against a point evaluation")]
        }
        return [BoundFinding.siteSaturation(
            layer: key.layer, site: key.site.rawValue, certified: certified, levels: levels, point: nil,
            of: "the values F̃ takes\(which)")]
    }
}

/// A block's spiking GELU group during the analysis (B-STA (c)): hidden unit j of an element
/// integrates u_j = W₁[j]z + b₁[j]; its partial sums stay within |W₁[j]|·D_z(t) of t·u_j(z*), and
/// its mean output differs from ReLU(ū_j) by at most e_j(t) (B-PSUM for the IF neuron, and the
/// projection argument of B-GQ). The group's output mean differs from g(z̄) by Σ_j |W₂[j]|·e_j(t).
struct GELUState {
    let group: GroupOperator
    let units: [PartialSumBound]
    let means: Tensor<Interval>
    /// Per unit, the hull of u_j over the F̃ values of the GELU input.
    let unitHulls: [Interval]
    var deviations: [Rational] = [.zero]
    var largestEarlier = Rational.zero

    init(group: GroupOperator, thresholds: [Rational], means: Tensor<Interval>) throws {
        guard thresholds.count == group.hiddenUnits else {
            throw BoundError.invalidParameter("\(thresholds.count) GELU thresholds for \(group.hiddenUnits) hidden units")
        }
        self.group = group
        units = try thresholds.map { try PartialSumBound.integrateAndFire(threshold: $0) }
        self.means = means
        guard let z = Interval.hull(means.values) else { throw BoundError.invalidParameter("an empty GELU input") }
        unitHulls = group.w1.indices.map { j in z * group.w1[j] + group.b1[j] }
    }

    /// e_j(t) for unit j with partial-sum deviation d = |W₁[j]|·D_z(t): (B-PSUM with means ≥ 0)
    /// where u_j can be ≥ 0, and max_{i≤t} D_i/t where it can be ≤ 0; the larger where both.
    func unitBound(_ j: Int, t: Int, d: Rational, earlier: Rational) throws -> Rational {
        let h = unitHulls[j]
        var e = Rational.zero
        if h.hi.sign >= 0 {
            let active = try Interval(Swift.max(h.lo, .zero), h.hi)
            e = try units[j].simplifiedValue(at: t, means: active, deviation: d, earlier: earlier)
        }
        if h.lo.sign <= 0 { e = Swift.max(e, try Swift.max(d, earlier) / Rational(t)) }
        return e
    }

    mutating func advance(through bucket: ClosedRange<Int>, meanInputs: Tensor<Interval>) throws -> Rational {
        guard deviations.count == bucket.lowerBound, meanInputs.values.count == means.values.count else {
            throw BoundError.invalidParameter("GELU: bucket \(bucket) out of order or shape changed")
        }
        let gap = APrioriBound.largestGap(meanInputs, means)
        var largest = Rational.zero
        for t in bucket {
            let dz = Rational(t) * gap
            deviations.append(dz)
            var total = Rational.zero
            for j in units.indices {
                let w1 = group.w1[j].magnitude
                total += group.w2[j].magnitude * (try unitBound(j, t: t, d: w1 * dz, earlier: w1 * largestEarlier))
            }
            largest = Swift.max(largest, total)
            largestEarlier = Swift.max(largestEarlier, dz)
        }
        return largest
    }

    func findings(layer: Int) -> [BoundFinding] {
        let saturated = units.indices.filter { unitHulls[$0].hi > units[$0].topPositive }
        guard let worst = saturated.max(by: { unitHulls[$0].hi - units[$0].topPositive < unitHulls[$1].hi - units[$1].topPositive }) else {
            return []
        }
        let hull = ValueRange(enclosing: unitHulls[worst])
        let threshold = units[worst].topPositive.doubleValue(rounding: .up)
        return [BoundFinding(.analysisSaturation, layer: layer, site: "gelu", certified: hull, levels: ValueRange(lo: 0, hi: threshold),
            point: nil, message: "the analysis cannot exclude a saturation: its enclosures of the inputs of \(saturated.count) of "
                + "\(units.count) hidden units pass their thresholds (the most: unit \(worst), \(hull) against \(NumberFormat.short(threshold))). "
                + "This is a limit of the analysis (its bound keeps a part that does not vanish with T), not checked against a point evaluation")]
    }
}
