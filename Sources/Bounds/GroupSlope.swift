import ExactArithmetic
import SpikingOperators

/// Lemma CF-GROUP (proofs/bounds/B-CF.md, STA): for a group operator g(x) = b₂ + Σ_i W₂[i]·ReLU(W₁[i]x + b₁[i])
/// and every c ∈ [lo, hi] and |d| ≤ R, with the reach X = [lo − R, hi + R] and u_i = W₁[i]x + b₁[i],
///
///     |g(c + d) − g(c)| ≤ (|Σ_{i linear on X} W₂[i]W₁[i]| + Σ_{i changing on X} |W₂[i]||W₁[i]|)·R,
///
/// where a unit is *off* on X when u_i ≤ 0 there (it adds nothing), *linear* when u_i ≥ 0 there,
/// and *changing* otherwise (ReLU is 1-Lipschitz); and at most the width of g's range over X
/// (CF-RANGE: g is affine between its breakpoints, so its range over X is the hull of its values
/// at X's ends and at the breakpoints inside). The weights are kept as `Double` bounds read from
/// their exact rationals, and every step is rounded outward (CF-UP).
struct GroupSlope: Sendable {
    /// Deliberate weakenings, for the mutation tests only.
    enum Mutation: CaseIterable {
        /// Count the changing units as off.
        case dropChangingUnits
        /// Decide the units' states at the centre only, not over the whole reach.
        case statesAtCentre
        /// Take g's range over X from X's ends only (without the breakpoints inside).
        case rangeFromEnds
    }

    let w1Lo, w1Hi, b1Lo, b1Hi: [Double]
    /// |W₂[i]·W₁[i]| rounded up, and W₂[i]·W₁[i] as [lo, hi].
    let crossMagnitude, slopeLo, slopeHi: [Double]
    let w2Lo, w2Hi: [Double]
    let b2Lo, b2Hi: Double
    /// The breakpoints −b₁[i]/W₁[i] and g there, as `Double` bounds of the exact values.
    let breakLo, breakHi, valueLo, valueHi: [Double]

    init(_ group: GroupOperator) {
        w2Lo = group.w2.map { $0.doubleValue(rounding: .down) }
        w2Hi = group.w2.map { $0.doubleValue(rounding: .up) }
        b2Lo = group.b2.doubleValue(rounding: .down)
        b2Hi = group.b2.doubleValue(rounding: .up)
        var points = [Rational]()
        for i in group.w1.indices where !group.w1[i].isZero {
            if let p = try? -group.b1[i] / group.w1[i] { points.append(p) }
        }
        breakLo = points.map { $0.doubleValue(rounding: .down) }
        breakHi = points.map { $0.doubleValue(rounding: .up) }
        let values = points.map { GroupOperatorBox.value(group, $0) }
        valueLo = values.map { $0.doubleValue(rounding: .down) }
        valueHi = values.map { $0.doubleValue(rounding: .up) }
        w1Lo = group.w1.map { $0.doubleValue(rounding: .down) }
        w1Hi = group.w1.map { $0.doubleValue(rounding: .up) }
        b1Lo = group.b1.map { $0.doubleValue(rounding: .down) }
        b1Hi = group.b1.map { $0.doubleValue(rounding: .up) }
        let slopes = zip(group.w2, group.w1).map { $0 * $1 }
        crossMagnitude = slopes.map { $0.magnitude.doubleValue(rounding: .up) }
        slopeLo = slopes.map { $0.doubleValue(rounding: .down) }
        slopeHi = slopes.map { $0.doubleValue(rounding: .up) }
    }

    /// A bound on the slope of g over X = [a, b] (the factor of R above).
    func slope(over a: Double, _ b: Double, mutation: Mutation? = nil) -> Double {
        var lo = 0.0, hi = 0.0, changing = 0.0
        for i in w1Lo.indices {
            let (uLo, uHi) = Self.affine(w1Lo[i], w1Hi[i], a, b, b1Lo[i], b1Hi[i])
            if uHi <= 0 { continue }
            if uLo >= 0 {
                lo = Downward.add(lo, slopeLo[i])
                hi = Upward.add(hi, slopeHi[i])
            } else if mutation != .dropChangingUnits {
                changing = Upward.add(changing, crossMagnitude[i])
            }
        }
        return Upward.add(Swift.max(hi, -lo), changing)
    }

    /// An upper bound on |g(c + d) − g(c)| for every c ∈ [lo, hi] and |d| ≤ radius.
    func deviation(lo: Double, hi: Double, radius: Double, mutation: Mutation? = nil) -> Double {
        if radius == 0 { return 0 }
        let reach = mutation == .statesAtCentre ? 0 : radius
        let a = Downward.sub(lo, reach), b = Upward.add(hi, reach)
        let linear = Upward.mul(slope(over: a, b, mutation: mutation), radius)
        let (gLo, gHi) = range(over: Downward.sub(lo, radius), Upward.add(hi, radius), mutation: mutation)
        return Swift.min(linear, Upward.add(gHi, -gLo))
    }

    /// Bounds of g(x) at a point x, in `Double` intervals rounded outward.
    func value(at x: Double) -> (Double, Double) {
        var lo = b2Lo, hi = b2Hi
        for i in w1Lo.indices {
            let (uLo, uHi) = Self.affine(w1Lo[i], w1Hi[i], x, x, b1Lo[i], b1Hi[i])
            if uHi <= 0 { continue }
            let (rLo, rHi) = (Swift.max(uLo, 0), uHi)
            lo = Downward.add(lo, Swift.min(Downward.mul(w2Lo[i], rLo), Downward.mul(w2Lo[i], rHi), Downward.mul(w2Hi[i], rLo), Downward.mul(w2Hi[i], rHi)))
            hi = Upward.add(hi, Swift.max(Upward.mul(w2Lo[i], rLo), Upward.mul(w2Lo[i], rHi), Upward.mul(w2Hi[i], rLo), Upward.mul(w2Hi[i], rHi)))
        }
        return (lo, hi)
    }

    /// Bounds of g's range over [a, b] (CF-RANGE): the values at a, b and at every breakpoint
    /// that may lie inside.
    func range(over a: Double, _ b: Double, mutation: Mutation? = nil) -> (Double, Double) {
        let (aLo, aHi) = value(at: a), (bLo, bHi) = value(at: b)
        var lo = Swift.min(aLo, bLo), hi = Swift.max(aHi, bHi)
        guard mutation != .rangeFromEnds else { return (lo, hi) }
        for k in breakLo.indices where breakHi[k] > a && breakLo[k] < b {
            lo = Swift.min(lo, valueLo[k])
            hi = Swift.max(hi, valueHi[k])
        }
        return (lo, hi)
    }

    /// [w]·[x] + [b] for w ∈ [wLo, wHi], x ∈ [a, b], b ∈ [bLo, bHi], rounded outward.
    static func affine(_ wLo: Double, _ wHi: Double, _ a: Double, _ b: Double, _ bLo: Double, _ bHi: Double) -> (Double, Double) {
        let lo = Swift.min(Downward.mul(wLo, a), Downward.mul(wLo, b), Downward.mul(wHi, a), Downward.mul(wHi, b))
        let hi = Swift.max(Upward.mul(wLo, a), Upward.mul(wLo, b), Upward.mul(wHi, a), Upward.mul(wHi, b))
        return (Downward.add(lo, bLo), Upward.add(hi, bHi))
    }
}
