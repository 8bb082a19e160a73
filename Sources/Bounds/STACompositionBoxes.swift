import ExactArithmetic
import SpikingOperators
import SpikingPipelines
import Tensors

/// Theorem B-COMP (proofs/bounds/B-COMP.md): interval extensions of STA's softmax and LayerNorm
/// compositions (spec §4, as `STACompositions` computes them), each holding the composition's
/// value at every point of its argument box. Set beside the certified enclosures of the exact
/// softmax and LayerNorm (ENC-SOFTMAX, ENC-LAYERNORM), they bound a composition's error over a
/// domain; inside the STA a priori analysis (B-STA) they evaluate F̃, the ANN with STA's
/// operators.
struct STACompositionBoxes: STAFunctions {
    let geluGroup: GroupOperatorBox
    let exp: GroupOperatorBox
    let reciprocal: GroupOperatorBox
    let rsqrt: GroupOperatorBox
    let shift: STASoftmaxShift
    let bits: Int

    init(_ operators: STAOperators, shift: STASoftmaxShift, bits: Int) throws {
        geluGroup = try GroupOperatorBox(operators.gelu, bits: bits)
        exp = try GroupOperatorBox(operators.exp, bits: bits)
        reciprocal = try GroupOperatorBox(operators.reciprocal, bits: bits)
        rsqrt = try GroupOperatorBox(operators.rsqrt, bits: bits)
        self.shift = shift
        self.bits = bits
    }

    /// (a) The STA softmax of a row box over the kept keys (masked keys exactly 0):
    /// z_j = min(x_j − x_first + 1, 3) (z_first = 1 exactly), or z_j = x_j − max + 1 with the row-max
    /// shift; e_j = exp-operator(z_j); p_j = e_j·(1/x-operator)(Σe); and where Σp may exceed 3/2,
    /// the hull with p_j/Σp for Σp ∈ [3/2, hi].
    func softmax(_ row: ArraySlice<Interval>, keep: [Int]) throws -> [Interval] {
        var out = [Interval](repeating: .zero, count: row.count)
        guard !keep.isEmpty else { return out }
        let x = keep.map { row[row.startIndex + $0] }
        let three = Rational(3)
        var z = [Interval]()
        switch shift {
        case .firstKey:
            for (i, xi) in x.enumerated() {
                if i == 0 { z.append(Interval(.one)); continue }
                let d = xi - x[0] + .one
                z.append(try Interval(Swift.min(d.lo, three), Swift.min(d.hi, three)))
            }
        case .rowMax:
            let maxLo = x.map(\.lo).max() ?? .zero, maxHi = x.map(\.hi).max() ?? .zero
            for xi in x {
                z.append(try Interval(xi.lo - maxHi + .one, Swift.min(.one, xi.hi - maxLo + .one)))
            }
        }
        let e = try z.map { try exp($0) }
        let inverse = try reciprocal(bounded(e.reduce(Interval.zero, +)))
        var p = e.map { bounded($0 * inverse) }
        let total = bounded(p.reduce(Interval.zero, +))
        let limit = Rational.fraction(3, 2)
        if total.hi > limit {
            let divisor = try Interval(Swift.max(total.lo, limit), total.hi)
            let renormalised = try p.map { bounded(try $0 / divisor) }
            p = total.lo > limit ? renormalised : zip(p, renormalised).map { $0.hull($1) }
        }
        for (i, j) in keep.enumerated() { out[j] = p[i] }
        return out
    }

    /// (b) The STA LayerNorm of a row box, no ε: y_i = (1 − 1/n)x_i − Σ_{j≠i}x_j/n (each x_j once,
    /// so this is y_i's exact range), σ² ∈ [minimum variance over the box (Lemma MINVAR),
    /// Σ mag(y_i)²/n], r = rsqrt-operator(σ²), out_i = γ_i·y_i·r + β_i.
    func layerNorm(_ row: ArraySlice<Interval>, _ p: LayerNormParameters<Interval>) throws -> [Interval] {
        let x = Array(row), n = x.count
        guard n > 0 else { return [] }
        let total = x.reduce(Interval.zero, +)
        let inverseN = try Rational.one / Rational(n)
        // Σ_{j≠i} x_j, exactly: the ends of a sum of independent intervals add up separately.
        let y = try x.map { xi in
            let rest = try Interval(total.lo - xi.lo, total.hi - xi.hi)
            return bounded(xi * (Rational.one - inverseN) - rest * inverseN)
        }
        let lower = Enclosure.minimumVariance(x)
        let upper = try y.reduce(Rational.zero) { $0 + $1.magnitude * $1.magnitude } / Rational(n)
        let variance = try Interval(lower, Swift.max(lower, upper)).outwardSimplified(bits: bits)
        let r = try rsqrt(variance)
        // (c′) Lemma CAP: |y_i| ≤ √(n − 1)·σ, so |out_i − β_i| ≤ |γ_i|·√(n − 1)·sup_{v∈V} √v·|g(v)|.
        let cap = try Enclosure.squareRootUpperBound(n - 1) * scaledRootSupremum(variance)
        return try y.indices.map { i in
            let value = bounded(p.gammaValues[i] * y[i] * r + p.betaValues[i])
            let c = p.gamma[i].magnitude * cap, b = p.beta[i]
            let lo = Swift.max(value.lo, b - c), hi = Swift.min(value.hi, b + c)
            return lo <= hi ? try Interval(lo, hi) : value
        }
    }

    /// An upper bound of sup_{v∈V} √v·|g(v)| for the rsqrt operator g, V ⊂ [0, ∞): V cut at g's
    /// breakpoints, and on each piece [p, q] the bound √q·mag(g([p, q])) (√q rounded up).
    func scaledRootSupremum(_ v: Interval) throws -> Rational {
        let lo = Swift.max(v.lo, .zero)
        guard v.hi >= lo else { return .zero }
        let inside = rsqrt.breakpoints.filter { $0 > lo && $0 < v.hi }
        let ends = [lo] + inside + [v.hi]
        var best = Rational.zero
        for k in 0..<(ends.count - 1) {
            let piece = try Interval(ends[k], ends[k + 1])
            let root = try Enclosure.sqrt(Interval(ends[k + 1]), bits: bits).hi
            best = Swift.max(best, root * (try rsqrt(piece)).magnitude)
        }
        return best
    }

    /// The GELU group over a box (B-COMP (a)).
    func gelu(_ x: Interval) throws -> Interval { try geluGroup(x) }

    func bounded(_ x: Interval) -> Interval { x.outwardSimplified(bits: bits) }
}
