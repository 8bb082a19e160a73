import ExactArithmetic
import SpikingOperators
import Tensors

/// A block's spiking GELU group in the centred analysis (B-CF-STA, as B-STA (c) per element):
/// hidden unit j of element e integrates u_j = W₁[j]z + b₁[j], whose means lie in
/// U_{e,j} = W₁[j]·[lo_e − R^D_e, hi_e + R^D_e] + b₁[j] and whose partial sums stay within
/// d_j(s) = |W₁[j]|·s·G_e of s·μ_j (G_e = R^P_e + R^D_e of the group's input). Its mean output
/// differs from ReLU(ū_j) by e_j(t): B-PSUM for the IF neuron with means U ∩ [0, ∞) where U
/// reaches ≥ 0 (running maxima as `STACentredSite`), and max_{i≤t} d_j(i)/t where U reaches ≤ 0;
/// the larger where both. The group's output mean is within Σ_j |W₂[j]|·e_j(t) of g(z̄).
/// Units whose U lies below 0 share one term per element: K_e·max_{i≤t} D_i/t.
struct STACentredGELU {
    let layer: Int
    let slope: GroupSlope
    let w1Magnitude: [Double]
    let w2Magnitude: [Double]
    /// Each unit's IF threshold θ_j, rounded up (Q̂) and down (Θ⁺).
    let thetaUp: [Double]
    let thetaDown: [Double]
    let centre: Centre
    let units: Int
    /// Per (element, unit), element-major: 0 off over U, 1 on (U ⊂ [0, ∞)), 2 both.
    var state: [UInt8] = []
    var excessAbove: [Double] = []
    var excessBelow: [Double] = []
    var runningAbove: [Double] = []
    var runningBelow: [Double] = []
    /// Per element: Σ |W₂[j]||W₁[j]| over its units that are off, and max_{i<t} D_i.
    var offWeight: [Double] = []
    var largestEarlier: [Double] = []
    /// Per element: how many units' means pass θ_j at the input (centre) and over the domain.
    var pastAtInput = 0
    var pastOverDomain = 0
    var step = 0

    init(layer: Int, group: GroupOperator, thresholds: [Rational], centre: Centre) throws {
        guard thresholds.count == group.hiddenUnits, thresholds.allSatisfy({ $0.sign > 0 }) else {
            throw BoundError.invalidParameter("layer \(layer): \(thresholds.count) GELU thresholds (each > 0) for \(group.hiddenUnits) hidden units")
        }
        self.layer = layer
        slope = GroupSlope(group)
        w1Magnitude = group.w1.map { $0.magnitude.doubleValue(rounding: .up) }
        w2Magnitude = group.w2.map { $0.magnitude.doubleValue(rounding: .up) }
        thetaUp = thresholds.map { $0.doubleValue(rounding: .up) }
        thetaDown = thresholds.map { $0.doubleValue(rounding: .down) }
        self.centre = centre
        units = group.hiddenUnits
    }

    mutating func setMeans(deviation: Tensor<Double>) throws {
        let count = centre.lo.count
        guard deviation.count == count else { throw BoundError.invalidParameter("layer \(layer): GELU mean radii for another shape") }
        state = [UInt8](repeating: 0, count: count * units)
        excessAbove = [Double](repeating: 0, count: count * units)
        excessBelow = excessAbove
        runningAbove = excessAbove
        runningBelow = excessAbove
        offWeight = [Double](repeating: 0, count: count)
        largestEarlier = offWeight
        pastAtInput = 0
        pastOverDomain = 0
        for e in 0..<count {
            let a = Downward.sub(centre.lo[e], deviation.values[e]), b = Upward.add(centre.hi[e], deviation.values[e])
            guard a.isFinite, b.isFinite else { throw BoundError.overflow("layer \(layer): the GELU input's means are not finite") }
            for j in 0..<units {
                let (lo, hi) = GroupSlope.affine(slope.w1Lo[j], slope.w1Hi[j], a, b, slope.b1Lo[j], slope.b1Hi[j])
                let i = e * units + j
                if hi < 0 {
                    offWeight[e] = Upward.add(offWeight[e], Upward.mul(w2Magnitude[j], w1Magnitude[j]))
                    continue
                }
                state[i] = lo >= 0 ? 1 : 2
                // B-PSUM for the IF neuron (Q̂ = Θ⁺ = θ, P̂ = Θ⁻ = 0) with means in [max(lo, 0), hi].
                excessAbove[i] = Upward.add(hi, -thetaDown[j])
                excessBelow[i] = -Swift.max(lo, 0)
                if hi > thetaUp[j] {
                    pastOverDomain += 1
                    let (pLo, _) = GroupSlope.affine(slope.w1Lo[j], slope.w1Hi[j], centre.lo[e], centre.hi[e], slope.b1Lo[j], slope.b1Hi[j])
                    if pLo > thetaUp[j] { pastAtInput += 1 }
                }
            }
        }
    }

    /// Per element, the largest Σ_j |W₂[j]|·e_j(t) over the bucket, from the injected run's
    /// radii of the group's input and the clean ones.
    mutating func advance(
        through bucket: ClosedRange<Int>, deviation: Tensor<Double>, clean: Tensor<Double>, mutation: APrioriBound.Mutation?
    ) throws -> Tensor<Double> {
        let count = centre.lo.count
        guard step == bucket.lowerBound - 1, deviation.count == count, clean.count == count, offWeight.count == count else {
            throw BoundError.invalidParameter("layer \(layer): GELU bucket \(bucket) out of order, or radii for another shape")
        }
        var out = [Double](repeating: 0, count: count)
        var totals = [Double](repeating: 0, count: bucket.count)
        for e in 0..<count {
            let gap = Upward.add(deviation.values[e], clean.values[e])
            for k in totals.indices { totals[k] = 0 }
            var earlier = largestEarlier[e]
            // The units that are off: |W₁|·max_{i≤t} D_i/t each.
            for (k, t) in bucket.enumerated() {
                let steps = Double(t), d = Upward.mul(steps, gap)
                let denominator = mutation == .nextStep ? steps + 1 : steps
                totals[k] = Upward.div(Upward.mul(offWeight[e], Swift.max(earlier, d)), denominator)
                earlier = Swift.max(earlier, d)
            }
            for j in 0..<units {
                let i = e * units + j
                guard state[i] != 0 else { continue }
                var above = runningAbove[i], below = runningBelow[i], before = largestEarlier[e]
                for (k, t) in bucket.enumerated() {
                    let steps = Double(t), d = Upward.mul(w1Magnitude[j], Upward.mul(steps, gap))
                    let denominator = mutation == .nextStep ? steps + 1 : steps
                    let a = Swift.max(0, Upward.add(Upward.add(above, Upward.mul(steps, excessAbove[i])), d))
                    let b = Swift.max(0, Upward.add(Upward.add(below, Upward.mul(steps, excessBelow[i])), d))
                    var bound = Swift.max(Upward.add(thetaUp[j], a), b)
                    if state[i] == 2 {
                        bound = Swift.max(bound, Swift.max(Upward.mul(w1Magnitude[j], before), d))
                    }
                    totals[k] = Upward.add(totals[k], Upward.mul(w2Magnitude[j], Upward.div(bound, denominator)))
                    above = Swift.max(above, Upward.add(d, Upward.mul(steps, -excessAbove[i])))
                    below = Swift.max(below, Upward.add(d, Upward.mul(steps, -excessBelow[i])))
                    before = Swift.max(before, Upward.mul(steps, gap))
                }
                runningAbove[i] = above
                runningBelow[i] = below
            }
            largestEarlier[e] = earlier
            var largest = totals.max() ?? 0
            if mutation == .halveInjection { largest /= 2 }
            guard largest.isFinite else { throw BoundError.overflow("layer \(layer): the GELU group's bound is not finite") }
            out[e] = largest
        }
        step = bucket.upperBound
        return try Tensor(shape: deviation.shape, values: out)
    }

    /// One finding where units' means pass their thresholds: `saturation` where F̃'s certified
    /// value at the input drives a unit past it, else `analysisSaturation`.
    var findings: [BoundFinding] {
        guard pastOverDomain > 0 else { return [] }
        if pastAtInput > 0 {
            return [BoundFinding(.saturation, layer: layer, site: "gelu", certified: nil, levels: nil, point: nil,
                message: "at the input, F̃'s GELU inputs (the ANN with STA's operators, certified in balls) drive hidden units "
                    + "past their IF thresholds \(pastAtInput) times over the elements and the \(units) units; this part of "
                    + "the error does not vanish as T grows")]
        }
        return [BoundFinding(.analysisSaturation, layer: layer, site: "gelu", certified: nil, levels: nil, point: nil,
            message: "the analysis cannot exclude a saturation: over the domain its enclosures of the GELU inputs drive hidden "
                + "units past their IF thresholds \(pastOverDomain) times (none at the input itself). This is a limit of the "
                + "analysis, not a fact about the model")]
    }
}
