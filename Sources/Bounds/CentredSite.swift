import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// One ECMT neuron site in the centred a priori analysis (B-CF): its entries' per-step boxes
/// c ± S, grouped into classes by their ends rounded outward (CF-CLASS), each class with its own
/// neuron bounds (B-STEP over the class's hull, which holds every per-step input of its
/// entries), and during the
/// injected runs each class's partial-sum deviations D(t) and bounds B̂(t) (B-PSUM).
struct CentredSite {
    struct Class {
        let hull: Interval
        let neuron: SiteNeuronBound
        var meanHull: Interval? = nil
        /// D_t, t = 0, 1, …; entry 0 is 0.
        var deviations: [Rational] = [.zero]
        /// B̂(t), t = 0, 1, …; entry 0 is 0.
        var bounds: [Rational] = [.zero]
    }

    let centre: Centre
    /// Entries whose input is exactly 0 at every step (the neuron never leaves 0).
    let silent: [Bool]
    let classOf: [Int]
    var classes: [Class]
    /// The neuron's bounds over the site's whole per-step hull (for its findings).
    let neuron: SiteNeuronBound
    let partialSums: PartialSumBound
    /// The radii of the spikes about the ANN's value, at any step.
    let spikes: Tensor<Double>
    var meanHull: Interval? = nil
    var injections: [Injection] = []

    init(neuron model: MultiThresholdNeuron<Rational>, centre: Centre, steps: Tensor<Double>) throws {
        self.centre = centre
        let count = steps.count
        let silent = (0..<count).map { centre.isZero[$0] && steps.values[$0] == 0 }
        self.silent = silent
        var lo = Double.infinity, hi = -Double.infinity
        var boxes = [(Double, Double)](repeating: (0, 0), count: count)
        for e in 0..<count where !silent[e] {
            let a = Downward.sub(centre.lo[e], steps.values[e]), b = Upward.add(centre.hi[e], steps.values[e])
            guard a.isFinite, b.isFinite else {
                throw BoundError.domain("the per-step range of a neuron site is not finite (the centred analysis overflowed)")
            }
            lo = Swift.min(lo, a)
            hi = Swift.max(hi, b)
            boxes[e] = (a, b)
        }
        if lo > hi { (lo, hi) = (0, 0) }
        neuron = try SiteNeuronBound(neuron: model, hull: Interval(Rational(exactly: lo), Rational(exactly: hi)))
        partialSums = try PartialSumBound(neuron: model)
        let floor = Swift.max(
            Swift.min(model.lambdaPositive, model.lambdaNegative).doubleValue(rounding: .down) / 1024, .leastNormalMagnitude)
        struct Key: Hashable { let lo: Double, hi: Double }
        var index = [Key: Int](), classes = [Class](), classOf = [Int](repeating: 0, count: count)
        for e in 0..<count where !silent[e] {
            let key = Key(lo: Self.gridBelow(boxes[e].0, floor: floor), hi: Self.gridAbove(boxes[e].1, floor: floor))
            if let k = index[key] { classOf[e] = k; continue }
            let hull = try Interval(Rational(exactly: key.lo), Rational(exactly: key.hi))
            index[key] = classes.count
            classOf[e] = classes.count
            classes.append(Class(hull: hull, neuron: try SiteNeuronBound(neuron: model, hull: hull)))
        }
        self.classes = classes
        self.classOf = classOf
        let top = (up: model.topPositive.doubleValue(rounding: .up), down: model.topNegative.doubleValue(rounding: .up))
        spikes = try Tensor(shape: steps.shape, values: (0..<count).map { e in
            if silent[e] { return 0 }
            let levels = Swift.max(Upward.add(top.up, -centre.lo[e]), Upward.add(centre.hi[e], top.down))
            guard let m = classes[classOf[e]].neuron.membrane else { return levels }
            let width = (m.hi - m.lo).doubleValue(rounding: .up)
            return Swift.min(levels, Upward.add(steps.values[e], width))
        })
    }

    /// The smallest g ≥ v on the signed grid {0, ±2^e·(1 + q/4)} (|g| ≥ floor unless g = 0), a
    /// dyadic `Double`; `gridBelow` the largest g ≤ v. Entries whose boxes round to the same
    /// ends share one class, whose hull holds each of their boxes.
    static func gridAbove(_ v: Double, floor: Double) -> Double {
        if v <= 0 { return -gridBelow(-v, floor: floor) }
        guard v > floor else { return floor }
        let base = Double(sign: .plus, exponent: v.exponent, significand: 1)
        for q in 0...4 where base * (1 + Double(q) / 4) >= v { return base * (1 + Double(q) / 4) }
        return base * 2
    }

    static func gridBelow(_ v: Double, floor: Double) -> Double {
        if v < 0 { return -gridAbove(-v, floor: floor) }
        guard v >= floor else { return 0 }
        let base = Double(sign: .plus, exponent: v.exponent, significand: 1)
        for q in stride(from: 3, through: 0, by: -1) where base * (1 + Double(q) / 4) <= v { return base * (1 + Double(q) / 4) }
        return base
    }

    /// Records the clean deviation R^D: the ANN's values over the domain lie within it of the
    /// centre, so each class's means lie in the hull of [lo − R^D, hi + R^D] over its entries.
    mutating func setMeans(deviation: Tensor<Double>) throws {
        guard deviation.count == centre.lo.count else { throw BoundError.invalidParameter("mean radii for another site") }
        var hulls = [Interval?](repeating: nil, count: classes.count)
        var all: Interval? = nil
        for e in centre.lo.indices {
            let box = try Interval(
                Rational(exactly: Downward.sub(centre.lo[e], deviation.values[e])),
                Rational(exactly: Upward.add(centre.hi[e], deviation.values[e])))
            all = all.map { $0.hull(box) } ?? box
            if silent[e] { continue }
            hulls[classOf[e]] = hulls[classOf[e]].map { $0.hull(box) } ?? box
        }
        for k in classes.indices { classes[k].meanHull = hulls[k] }
        meanHull = all
    }

    /// Extends every class's D(t) and B̂(t) over `bucket` from the injected run's radii at the
    /// site (before injection) and the clean ones; returns the radii downstream operators use:
    /// each entry's radius plus its class's largest B̂(t) of the bucket (0 where silent).
    mutating func advance(
        through bucket: ClosedRange<Int>, deviation: Tensor<Double>, clean: Tensor<Double>, mutation: APrioriBound.Mutation?
    ) throws -> Tensor<Double> {
        guard deviation.count == centre.lo.count, clean.count == deviation.count else {
            throw BoundError.invalidParameter("radii for another site")
        }
        var gaps = [Double](repeating: 0, count: classes.count)
        for e in centre.lo.indices where !silent[e] {
            gaps[classOf[e]] = try CentredAPriori.largest(gaps[classOf[e]], Upward.add(deviation.values[e], clean.values[e]))
        }
        var radii = [Double](repeating: 0, count: classes.count), widest = Rational.zero
        for k in classes.indices {
            guard classes[k].deviations.count == bucket.lowerBound, let means = classes[k].meanHull else {
                throw BoundError.invalidParameter("bucket \(bucket) out of order, or no means")
            }
            let gap = try Rational(exactly: gaps[k])
            var largest = Rational.zero
            for t in bucket {
                classes[k].deviations.append(Rational(t) * gap)
                let next = mutation == .nextStep
                let partial = try partialSums.value(
                    at: t, means: means, steps: classes[k].hull, deviations: classes[k].deviations,
                    mutation: next ? .nextStep : nil)
                let b = Swift.min(try classes[k].neuron.bound(at: next ? t + 1 : t), partial)
                classes[k].bounds.append(b)
                largest = Swift.max(largest, b)
            }
            let injected = mutation == .halveInjection ? largest.timesPowerOfTwo(-1) : largest
            widest = Swift.max(widest, injected)
            radii[k] = injected.doubleValue(rounding: .up)
        }
        injections.append(Injection(steps: bucket, radius: widest))
        return try Tensor(shape: deviation.shape, values: centre.lo.indices.map { e in
            silent[e] ? deviation.values[e] : Upward.add(deviation.values[e], radii[classOf[e]])
        })
    }

    /// The site as the a priori result reports it: the bound at each t is the largest over its classes.
    func range(layer: Int, site: EncoderSite, steps: [Int]) throws -> SiteRange {
        let length = classes.map(\.bounds.count).max() ?? 1
        let stepBounds = (0..<length).map { t in classes.reduce(Rational.zero) { Swift.max($0, t < $1.bounds.count ? $1.bounds[t] : .zero) } }
        guard let hull = meanHull, steps.allSatisfy({ $0 < stepBounds.count }) || classes.isEmpty else {
            throw BoundError.invalidParameter("layer \(layer) \(site.rawValue): no means or bounds")
        }
        let used = Dictionary(uniqueKeysWithValues: steps.map { ($0, $0 < stepBounds.count ? stepBounds[$0] : .zero) })
        return SiteRange(
            layer: layer, site: site, neuron: neuron, meanHull: hull, bounds: used, stepBounds: stepBounds, injections: injections)
    }
}
