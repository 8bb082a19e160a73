import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import SpikingPipelines
import Tensors

/// Theorem B-NET (proofs/bounds/B-NET.md): a certified bound B_l(T) on |SNN_l(x, T) − ANN_l(x)|
/// for every input x in a domain of boxes, every layer l and every T of a grid, for the ECMT
/// pipeline with a given calibration.
///
/// 1. B-STEP gives every neuron site's per-step input box, hence B-MT/B-REACH bounds over it.
/// 2. The reference run in interval arithmetic over the domain gives C_l ∋ ANN_l(x), and at each
///    site k the box C_k of its ANN input μ*_k.
/// 3. By B-INJ, at every t the running mean of site k's input is F_k(x, δ(t)), the ANN with
///    |δ_i(t)| ≤ B_i(t) injected upstream. The injected interval run P(t) holds it, so
///    |S_t − t·μ*_k| ≤ D_k(t) = t·max|P_k(t) − C_k|, and B-PSUM bounds site k from those partial
///    sums even where single steps overshoot its top level. B_k(t) = min(B-STEP's, B-PSUM's).
/// 4. The injections are computed for the steps 1…T_max in buckets (one injected run each, with
///    the largest B_i(t) of the bucket), in data-flow order, so each site's D_k is known before
///    its bound is needed. A bucket starts at every T of the grid, and B_l(T) = max|P_l − C_l|
///    over `rows` for the bucket that starts at T.
public enum APrioriBound {
    /// Runs the analysis. `progress` hears each stage as it starts.
    public static func analyse(
        reference: ReferenceEncoder<Interval>, calibration: PipelineCalibration, domain: Tensor<Interval>,
        mask: [Bool]?, rows: [Int], steps: [Int], progress: ((AnalysisStage) -> Void)? = nil,
        mutation: Mutation? = nil
    ) throws -> APrioriResult {
        let reference = try reference.tabulatingBoxes()
        guard !steps.isEmpty, steps.allSatisfy({ $0 >= 1 }) else {
            throw BoundError.invalidParameter("the T grid must be non-empty with every T ≥ 1, got \(steps)")
        }
        progress?(AnalysisStage("per-step ranges"))
        let ranges = try StepRanges.analyse(reference: reference, calibration: calibration, domain: domain, mask: mask)
        progress?(AnalysisStage("reference over the domain"))
        var means = [SiteKey: Tensor<Interval>]()
        let neuronSites = Set(EncoderSite.neuronSites)
        let clean = try reference.forward(domain, mask: mask, observe: { layer, site, value in
            if neuronSites.contains(site) { means[SiteKey(layer: layer, site: site)] = value }
        })
        var sites = [SiteKey: SiteState]()
        for (layer, neurons) in ranges.neurons.enumerated() {
            let models: [EncoderSite: MultiThresholdNeuron<Rational>] = try calibration.layers[layer].multiThresholdNeurons(
                layer: layer, configuration: calibration.configuration)
            for (site, neuron) in neurons {
                let key = SiteKey(layer: layer, site: site)
                guard let model = models[site], let mean = means[key], let hull = Interval.hull(mean.values) else {
                    throw BoundError.invalidParameter("\(key): no neuron or no reference values")
                }
                sites[key] = SiteState(neuron: neuron, partialSums: try PartialSumBound(neuron: model), means: mean, meanHull: hull)
            }
        }
        var bounds = [Int: [Double]]()
        let grid = Set(steps)
        for bucket in buckets(steps) {
            let stage = APrioriBound.stage("injected reference", bucket)
            progress?(AnalysisStage(stage))
            let injected = try reference.forward(domain, mask: mask, inject: { layer, site, value in
                if site == .qkvInput { progress?(AnalysisStage(stage, layer: layer)) }
                let key = SiteKey(layer: layer, site: site)
                guard var state = sites[key], let boxes = ranges.inputs[layer][site] else {
                    throw BoundError.invalidParameter("\(key): no per-step range")
                }
                let largest = try state.advance(through: bucket, meanInputs: value, mutation: mutation)
                let box = try injectionBox(radius: mutation == .halveInjection ? largest.timesPowerOfTwo(-1) : largest)
                state.injections.append(Injection(steps: bucket, radius: box.hi))
                sites[key] = state
                return try value.zipWith(boxes) { v, x in x.isPoint && x.lo.isZero ? v : v + box }
            })
            if grid.contains(bucket.lowerBound) {
                // magnitudeBound rounds each interval's magnitude up, so the Double is still a bound.
                bounds[bucket.lowerBound] = try zip(injected, clean).map { try ErrorAttribution.maxMagnitude($0 - $1, rows) }
            }
        }
        let ordered = sites.keys.sorted()
        let siteRanges = try ordered.map { key -> SiteRange in
            guard let state = sites[key] else { throw BoundError.invalidParameter("\(key) lost") }
            let used = Dictionary(uniqueKeysWithValues: steps.map { ($0, state.bounds[$0]) })
            return SiteRange(
                layer: key.layer, site: key.site, neuron: state.neuron, meanHull: state.meanHull, bounds: used,
                stepBounds: state.bounds, injections: state.injections)
        }
        return APrioriResult(
            theorem: "B-NET", steps: steps, bounds: bounds, sites: siteRanges, siteCount: siteRanges.count, findings: siteRanges.flatMap(\.findings))
    }

    /// The analysis for the pipeline `kind`: B-NET (`analyse`) for ECMT, B-STA
    /// (`STAAPrioriBound.analyse`) for STA.
    public static func analyse(
        _ kind: PipelineKind, reference: ReferenceEncoder<Interval>, calibration: PipelineCalibration,
        domain: Tensor<Interval>, mask: [Bool]?, rows: [Int], steps: [Int], progress: ((AnalysisStage) -> Void)? = nil
    ) throws -> APrioriResult {
        switch kind {
        case .ecmt:
            return try analyse(
                reference: reference, calibration: calibration, domain: domain, mask: mask, rows: rows, steps: steps,
                progress: progress)
        case .sta:
            return try STAAPrioriBound.analyse(
                reference: reference, calibration: calibration, domain: domain, mask: mask, rows: rows, steps: steps,
                progress: progress)
        }
    }

    /// Deliberate weakenings of B-NET, for mutation tests only (nothing else passes one).
    public enum Mutation: String, Sendable, CaseIterable {
        /// Inject half of each site's bound downstream (the sites' own bounds unchanged).
        case halveInjection = "halve-injection"
        /// Use each site's bound at t + 1 for its bound at t (B-STEP's and B-PSUM's).
        case nextStep = "next-step"
    }

    /// A bucket's stage name for progress: "`what` at T = s", or "`what` for T = s…e".
    static func stage(_ what: String, _ bucket: ClosedRange<Int>) -> String {
        bucket.count == 1 ? "\(what) at T = \(bucket.lowerBound)" : "\(what) for T = \(bucket.lowerBound)…\(bucket.upperBound)"
    }

    /// The steps 1…max(grid) cut into consecutive ranges: one starts at every T of the grid, and
    /// none is longer than its first step (so [s, 2s − 1] at most).
    public static func buckets(_ steps: [Int]) -> [ClosedRange<Int>] {
        let grid = Set(steps).sorted()
        guard let last = grid.last else { return [] }
        var out = [ClosedRange<Int>](), start = 1
        while start <= last {
            let next = grid.first(where: { $0 > start }) ?? last + 1
            let end = Swift.min(2 * start - 1, next - 1, last)
            out.append(start...end)
            start = end + 1
        }
        return out
    }

    /// max over entries of mag(P − C), exactly: how far a site's input means in an injected run can
    /// be from the clean run's values (B-NET, B-STA: D(t) = t times this).
    static func largestGap(_ p: Tensor<Interval>, _ c: Tensor<Interval>) -> Rational {
        var gap = Rational.zero
        for (a, b) in zip(p.values, c.values) { gap = Swift.max(gap, (a - b).magnitude) }
        return gap
    }

    /// [−r̂, r̂] with r̂ ≥ r the dyadic r rounded up to 32 significant bits. A larger box keeps
    /// the bound sound, and dyadic endpoints keep the interval products on the integer fast path
    /// (`DyadicMatrixProduct`): a radius such as B(3) with a factor 1/3 sent every later product
    /// of the run to rational arithmetic (on MiniLM a bucket ran for over 4 minutes instead of 15 s).
    static func injectionBox(radius r: Rational) throws -> Interval {
        let up = r.roundedToSignificantBits(32, .up)
        return try Interval(-up, up)
    }

    /// The domain of per-entry boxes [x − margin, x + margin] around x (margin 0: x itself).
    public static func boxes(around x: Tensor<Double>, margin: Rational) throws -> Tensor<Interval> {
        guard margin.sign >= 0 else { throw BoundError.domain("the margin \(margin) must be ≥ 0") }
        return try x.map { value in
            let c = try Rational(exactly: value)
            return try Interval(c - margin, c + margin)
        }
    }
}

/// One neuron site during the a priori analysis: what B-STEP and the clean run gave, and the
/// partial-sum deviations D_t and bounds B(t) found so far (index t; entry 0 is D_0 = 0).
struct SiteState {
    let neuron: SiteNeuronBound
    let partialSums: PartialSumBound
    let means: Tensor<Interval>
    let meanHull: Interval
    var deviations: [Rational] = [.zero]
    var bounds: [Rational] = [.zero]
    var injections: [Injection] = []

    init(neuron: SiteNeuronBound, partialSums: PartialSumBound, means: Tensor<Interval>, meanHull: Interval) {
        self.neuron = neuron
        self.partialSums = partialSums
        self.means = means
        self.meanHull = meanHull
    }

    /// Extends D_t and B(t) over `bucket`, given a box holding the site's input means at every
    /// t of it; returns the largest B(t) of the bucket, the injection's half-width.
    mutating func advance(
        through bucket: ClosedRange<Int>, meanInputs: Tensor<Interval>, mutation: APrioriBound.Mutation? = nil
    ) throws -> Rational {
        guard deviations.count == bucket.lowerBound else {
            throw BoundError.invalidParameter("bucket \(bucket) after steps 1…\(deviations.count - 1)")
        }
        guard meanInputs.values.count == means.values.count else {
            throw BoundError.invalidParameter("\(meanInputs.values.count) site values for \(means.values.count) reference values")
        }
        let gap = APrioriBound.largestGap(meanInputs, means)
        var largest = Rational.zero
        for t in bucket {
            deviations.append(Rational(t) * gap)
            let next = mutation == .nextStep
            let partial = try partialSums.value(
                at: t, means: meanHull, steps: neuron.hull, deviations: deviations, mutation: next ? .nextStep : nil)
            let b = Swift.min(try neuron.bound(at: next ? t + 1 : t), partial)
            bounds.append(b)
            largest = Swift.max(largest, b)
        }
        return largest
    }
}

/// The a priori analysis of one domain.
public struct APrioriResult: Sendable {
    /// B-NET (ECMT) or B-STA.
    public let theorem: String
    public let steps: [Int]
    /// T → B_l(T) for each layer l (certified: interval magnitudes rounded up).
    public let bounds: [Int: [Double]]
    /// Every neuron site's ranges and bounds (ECMT).
    public let sites: [SiteRange]
    /// How many neuron sites the analysis bounded.
    public let siteCount: Int
    /// Saturations, with layer and site: persistent ones (`saturation`) and transient ones.
    public let findings: [BoundFinding]
    /// How the network-level steps were evaluated.
    public var engine: APrioriEngine = .intervals
}

/// One neuron site: its per-step input hull (B-STEP), the hull of its ANN inputs, and the bound
/// B_k(T) used at each T of the grid.
public struct SiteRange: Sendable {
    public let layer: Int
    public let site: EncoderSite
    public let neuron: SiteNeuronBound
    /// Every entry's ANN input μ* over the domain.
    public let meanHull: Interval
    /// T → B_k(T) = min(B-STEP's bound, B-PSUM's).
    public let bounds: [Int: Rational]
    /// B_k(t) for every t = 0…max T (entry 0 is 0).
    public let stepBounds: [Rational]
    /// The half-width injected downstream for each bucket of steps. B-NET's induction needs it
    /// to be at least B_k(t) for every t of the bucket.
    public let injections: [Injection]

    /// The analysis's findings alone (no point evaluation): `findings(point: nil)`.
    public var findings: [BoundFinding] { findings(point: nil) }

    /// A saturation where the ANN's values pass a top level (the error keeps a part that does
    /// not vanish) — `saturation` when `point`, the range of the ANN's values at this site in a
    /// Double evaluation of the input, passes it, `analysisSaturation` when only the certified
    /// hull does — or a transient one where only single steps may (B-PSUM: the neuron lags, by a
    /// bounded amount, and its error still falls as 1/T).
    public func findings(point: ValueRange?) -> [BoundFinding] {
        let up = neuron.topPositive, down = neuron.topNegative
        let levels = ValueRange(lo: (-down).doubleValue(rounding: .down), hi: up.doubleValue(rounding: .up))
        if meanHull.hi > up || -meanHull.lo > down {
            return [BoundFinding.siteSaturation(
                layer: layer, site: site.rawValue, certified: ValueRange(enclosing: meanHull), levels: levels, point: point,
                of: "the ANN's values")]
        }
        if neuron.hull.hi > up || -neuron.hull.lo > down {
            let hull = ValueRange(enclosing: neuron.hull)
            return [BoundFinding(.transientSaturation, layer: layer, site: site.rawValue, certified: hull, levels: levels, point: point,
                message: "single steps may reach \(hull), past the top levels \(levels), while the running means stay inside; "
                    + "the neuron can only lag (B-PSUM), so its error still falls as 1/T")]
        }
        return []
    }
}

extension ReferenceEncoder where Scalar == Interval {
    /// The same encoder with GELU over boxes enclosed from the precomputed table (ENC-GELU-TAB):
    /// the a priori analyses' boxes are far wider than the table's 2^−16, and the tight path
    /// dominated their cost.
    func tabulatingBoxes() throws -> ReferenceEncoder<Interval> {
        var context = self.context
        context.tabulatedBoxes = true
        return try ReferenceEncoder(weights, context: context)
    }
}

/// The box ±radius a site injected downstream for one bucket of steps.
public struct Injection: Sendable {
    public let steps: ClosedRange<Int>
    public let radius: Rational
}
