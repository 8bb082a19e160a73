import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// One STA neuron site in the centred analysis (B-CF-STA): a signed burst pair per entry with
/// its channel's threshold (PAIR-PSUM), or an IF neuron at the probabilities (IF-PSUM), each
/// entry bounded by B-PSUM with its own means and its own partial-sum deviations. For an entry
/// e, every mean μ of its input lies in [lo_e − R^D_e, hi_e + R^D_e] (F̃'s centre and its clean
/// deviation), and at step s of a bucket the running mean lies within G_e = R^P_e + R^D_e of μ,
/// so |S_s − sμ| ≤ D_s = s·G_e. With x̂ = μ⁺ − Θ⁺ (an exact `Double` ≥ μ − Θ⁺) a window's sum
/// is at most (t − j)x̂ + D_t + D_j, so
///
///     |V_t|/t ≤ max(Q̂ + max(0, M⁺_t + t·x̂⁺ + D_t), P̂ + max(0, M⁻_t + t·x̂⁻ + D_t))/t,
///     M_t = max_{0≤j<t}(D_j − j·x̂),
///
/// kept as a running maximum, so a step costs O(1) per entry. Where the mean stays below the top
/// level (x̂ < 0) the lag D_t + D_j is paid only while it exceeds the margin (t − j)|x̂|.
///
/// Lemma CF-SPIKES-STA: what the downstream operators see is the site's mean spike output, which
/// lies in [−Θ⁻, Θ⁺] (a pair's two emitted totals are ≥ 0 and grow by at most Θ = θ(1 + β/2) a
/// step; an IF neuron emits 0 or θ), so its radius about the centre c is also at most
/// max(Θ⁺ − lo c, hi c + Θ⁻).
struct STACentredSite {
    /// B-PSUM's constants as `Double` bounds: Q̂, P̂ rounded up, Θ⁺, Θ⁻ rounded down.
    struct Constants: Sendable {
        let residueAbove, residueBelow, topPositive, topNegative: Double
        /// Θ⁺ and Θ⁻ rounded up: the ends of the spikes' mean (CF-SPIKES-STA).
        let outputAbove, outputBelow: Double

        init(_ n: PartialSumBound) {
            residueAbove = n.residueAbove.doubleValue(rounding: .up)
            residueBelow = n.residueBelow.doubleValue(rounding: .up)
            topPositive = n.topPositive.doubleValue(rounding: .down)
            topNegative = n.topNegative.doubleValue(rounding: .down)
            outputAbove = n.topPositive.doubleValue(rounding: .up)
            outputBelow = n.topNegative.doubleValue(rounding: .up)
        }
    }

    let key: SiteKey
    let neurons: [PartialSumBound]
    let constants: [Constants]
    let centre: Centre
    var meanLo: [Double] = []
    var meanHi: [Double] = []
    var excessAbove: [Double] = []
    var excessBelow: [Double] = []
    var runningAbove: [Double]
    var runningBelow: [Double]
    /// The last t processed.
    var step = 0

    init(key: SiteKey, neurons: [PartialSumBound], centre: Centre) throws {
        guard neurons.count == 1 || neurons.count == centre.columns else {
            throw BoundError.invalidParameter("\(key): \(neurons.count) thresholds for rows of \(centre.columns)")
        }
        self.key = key
        self.neurons = neurons
        constants = neurons.map(Constants.init)
        self.centre = centre
        runningAbove = [Double](repeating: 0, count: centre.lo.count)
        runningBelow = runningAbove
    }

    func channel(_ e: Int) -> Int { neurons.count == 1 ? 0 : e % centre.columns }

    /// Records the clean deviation R^D of F̃ over the domain: each entry's means.
    mutating func setMeans(deviation: Tensor<Double>) throws {
        guard deviation.count == centre.lo.count else { throw BoundError.invalidParameter("\(key): mean radii for another site") }
        meanLo = centre.lo.indices.map { Downward.sub(centre.lo[$0], deviation.values[$0]) }
        meanHi = centre.hi.indices.map { Upward.add(centre.hi[$0], deviation.values[$0]) }
        excessAbove = meanHi.indices.map { Upward.add(meanHi[$0], -constants[channel($0)].topPositive) }
        excessBelow = meanLo.indices.map { Upward.add(-meanLo[$0], -constants[channel($0)].topNegative) }
        guard (excessAbove + excessBelow).allSatisfy(\.isFinite) else {
            throw BoundError.overflow("\(key): F̃'s means over the domain are not finite")
        }
    }

    /// Extends every entry's bound over `bucket` from the injected run's radii at the site
    /// (before injection) and the clean ones; returns the radii the downstream operators use.
    mutating func advance(
        through bucket: ClosedRange<Int>, deviation: Tensor<Double>, clean: Tensor<Double>, mutation: APrioriBound.Mutation?
    ) throws -> Tensor<Double> {
        guard step == bucket.lowerBound - 1, deviation.count == centre.lo.count, clean.count == deviation.count,
            excessAbove.count == deviation.count
        else { throw BoundError.invalidParameter("\(key): bucket \(bucket) out of order, radii for another site, or no means") }
        var out = deviation.values
        for e in out.indices {
            let gap = Upward.add(deviation.values[e], clean.values[e])
            let k = constants[channel(e)]
            var largest = 0.0, above = runningAbove[e], below = runningBelow[e]
            for t in bucket {
                let steps = Double(t), d = Upward.mul(steps, gap)
                let a = Swift.max(0, Upward.add(Upward.add(above, Upward.mul(steps, excessAbove[e])), d))
                let b = Swift.max(0, Upward.add(Upward.add(below, Upward.mul(steps, excessBelow[e])), d))
                let denominator = mutation == .nextStep ? steps + 1 : steps
                largest = Swift.max(largest, Upward.div(Swift.max(Upward.add(k.residueAbove, a), Upward.add(k.residueBelow, b)), denominator))
                above = Swift.max(above, Upward.add(d, Upward.mul(steps, -excessAbove[e])))
                below = Swift.max(below, Upward.add(d, Upward.mul(steps, -excessBelow[e])))
            }
            runningAbove[e] = above
            runningBelow[e] = below
            if mutation == .halveInjection { largest /= 2 }
            guard largest.isFinite else { throw BoundError.overflow("\(key): a neuron bound is not finite") }
            let spikes = Swift.max(Upward.add(k.outputAbove, -centre.lo[e]), Upward.add(centre.hi[e], k.outputBelow))
            out[e] = Swift.min(Upward.add(out[e], largest), spikes)
        }
        step = bucket.upperBound
        return try Tensor(shape: deviation.shape, values: out)
    }

    /// One finding where F̃'s means pass a neuron's range: `saturation` (or `unrepresentable`,
    /// below 0 at an IF neuron) where F̃'s certified value at the input itself does, else
    /// `analysisSaturation` (only the domain's enclosure does).
    var findings: [BoundFinding] {
        guard !meanLo.isEmpty else { return [] }
        func passes(_ lo: Double, _ hi: Double, _ e: Int) -> Bool {
            let n = neurons[channel(e)]
            return hi > n.topPositive.doubleValue(rounding: .up) || lo < -n.topNegative.doubleValue(rounding: .up)
        }
        let domain = meanLo.indices.filter { passes(meanLo[$0], meanHi[$0], $0) }
        guard !domain.isEmpty else { return [] }
        let point = domain.filter { passes(centre.lo[$0], centre.hi[$0], $0) }
        let entries = point.isEmpty ? domain : point
        let lo = entries.map { point.isEmpty ? meanLo[$0] : centre.lo[$0] }.min() ?? 0
        let hi = entries.map { point.isEmpty ? meanHi[$0] : centre.hi[$0] }.max() ?? 0
        let first = channel(entries[0]), n = neurons[first]
        let levels = ValueRange(lo: -n.topNegative.doubleValue(rounding: .up), hi: n.topPositive.doubleValue(rounding: .up))
        let range = ValueRange(lo: lo, hi: hi)
        let channels = Set(entries.map(channel)).count
        let which = neurons.count == 1 ? "" : " in \(channels) of \(neurons.count) channels"
        let named = neurons.count == 1 ? "\(levels)" : "\(levels) at channel \(first)"
        let values = "the values of F̃ (the ANN with STA's operators)"
        if point.isEmpty {
            return [BoundFinding(.analysisSaturation, layer: key.layer, site: key.site.rawValue, certified: range, levels: levels,
                point: nil, message: "the analysis cannot exclude a saturation: its enclosure of \(values) over the domain"
                    + "\(which), \(range), passes the neuron's range \(named) while their certified "
                    + "values at the input do not. This is a limit of the analysis, not a fact about the model")]
        }
        let negative = n.topNegative.isZero && lo < 0
        return [BoundFinding(negative ? .unrepresentable : .saturation, layer: key.layer, site: key.site.rawValue,
            certified: range, levels: levels, point: range,
            message: "\(values) at the input\(which) reach \(range) (certified, a ball evaluation at the input), "
                + (negative ? "below 0, which the unsigned neuron cannot represent" : "past the neuron's range \(named)")
                + "; this part of the error does not vanish as T grows")]
    }
}
