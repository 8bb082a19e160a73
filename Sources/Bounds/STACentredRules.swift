import ExactArithmetic
import SpikingPipelines
import Tensors

/// The centred rules of STA's compositions (B-CF-STA, proofs/bounds/B-CF.md): radii about F̃'s
/// values at the input through STA's softmax and LayerNorm, every step rounded up (CF-UP).
enum STACentredRule {
    /// Deliberate weakenings, each dropping one term a rule's proof needs: for the mutation
    /// tests only (`STACentredRuleTests`).
    enum Mutation: CaseIterable {
        /// CF-STA-SOFTMAX without the jump J between the two branches of the re-normalisation.
        case dropJump
        /// CF-STA-SOFTMAX without the first key's (the shift's) radius.
        case dropShift
        /// CF-STA-LN without the mean's radius in y = x − mean(x).
        case dropMean
        /// CF-STA-CAP with the clamp's ceiling taken as 2 instead of 3.
        case clampCeilingTwo
    }

    /// CF-STA-SOFTMAX for one row (all of its keys kept): the radii of STA's softmax outputs for
    /// logits within `r` of the centre's, each at most the width of the hull of the values the
    /// output can take (CF-STA-CAP).
    static func softmax(
        _ c: STASoftmaxCentre, _ r: ArraySlice<Double>, shift: STASoftmaxShift, exp: GroupSlope, reciprocal: GroupSlope,
        mutation: Mutation? = nil
    ) -> [Double] {
        let linear = linearSoftmax(c, r, shift: shift, exp: exp, reciprocal: reciprocal, mutation: mutation)
        let cap = softmaxCap(c, r, shift: shift, exp: exp, reciprocal: reciprocal, mutation: mutation)
        return zip(linear, cap).map { Swift.min($0, $1) }
    }

    /// CF-STA-CAP: every value the row's outputs take over the reach lies in a hull H_j: z′_j ∈
    /// [lo z_j − R_z, min(hi z_j + R_z, 3)] (z′ = min(d′, 3)), e′_j in the exp operator's range
    /// E_j there, Σe′ in [lo S − R_S, hi S + R_S] ∩ ΣE_j, the inverse in the 1/x operator's range I
    /// there, p′_j ∈ E_j·I, Σp′ in [lo T − R_T, hi T + R_T] ∩ ΣP_j, and where Σp′ may pass 3/2,
    /// p′_j/Σp′ with Σp′ > 3/2. The centre's output is one of these values, so it moves by at
    /// most H_j's width.
    static func softmaxCap(
        _ c: STASoftmaxCentre, _ r: ArraySlice<Double>, shift: STASoftmaxShift, exp: GroupSlope, reciprocal: GroupSlope,
        mutation: Mutation? = nil
    ) -> [Double] {
        let parts = reaches(c, r, shift: shift, exp: exp, reciprocal: reciprocal, mutation: mutation)
        let n = parts.rz.count
        let ceiling = mutation == .clampCeilingTwo ? 2.0 : 3.0
        var e = [(Double, Double)](), sumLo = 0.0, sumHi = 0.0
        for j in 0..<n {
            let range = exp.range(over: Downward.sub(c.zLo[j], parts.rz[j]), Swift.min(Upward.add(c.zHi[j], parts.rz[j]), ceiling))
            e.append(range)
            sumLo = Downward.add(sumLo, range.0)
            sumHi = Upward.add(sumHi, range.1)
        }
        let sLo = Swift.max(Downward.sub(c.sumLo, parts.sum), sumLo), sHi = Swift.min(Upward.add(c.sumHi, parts.sum), sumHi)
        guard sLo <= sHi else { return [Double](repeating: .infinity, count: n) }
        let (iLo, iHi) = reciprocal.range(over: sLo, sHi)
        var p = [(Double, Double)](), pLo = 0.0, pHi = 0.0
        for j in 0..<n {
            let (a, b) = e[j]
            let lo = Swift.min(Downward.mul(a, iLo), Downward.mul(a, iHi), Downward.mul(b, iLo), Downward.mul(b, iHi))
            let hi = Swift.max(Upward.mul(a, iLo), Upward.mul(a, iHi), Upward.mul(b, iLo), Upward.mul(b, iHi))
            p.append((lo, hi))
            pLo = Downward.add(pLo, lo)
            pHi = Upward.add(pHi, hi)
        }
        let tLo = Swift.max(Downward.sub(c.totalLo, parts.total), pLo), tHi = Swift.min(Upward.add(c.totalHi, parts.total), pHi)
        return (0..<n).map { j in
            var lo = Double.infinity, hi = -Double.infinity
            if tLo <= 1.5 { (lo, hi) = p[j] }
            if tHi > 1.5 {
                // p′/T′ for T′ ∈ (3/2, tHi]: the quotient's ends over the ends of both.
                let d = Swift.max(1.5, tLo), (a, b) = p[j]
                lo = Swift.min(lo, Downward.div(a, d), Downward.div(a, tHi), Downward.div(b, d), Downward.div(b, tHi))
                hi = Swift.max(hi, Upward.div(a, d), Upward.div(a, tHi), Upward.div(b, d), Upward.div(b, tHi))
            }
            let width = Upward.add(hi, -lo)
            return width.isNaN ? .infinity : width
        }
    }

    /// The radii of one row's intermediate values: after the shift and the clamp (R_z), of e
    /// (R_e), Σe (R_S), the inverse (R_I), p (R_p) and Σp (R_T).
    struct SoftmaxRadii {
        let rz, re, rp: [Double]
        let sum, inverse, total: Double
    }

    static func reaches(
        _ c: STASoftmaxCentre, _ r: ArraySlice<Double>, shift: STASoftmaxShift, exp: GroupSlope, reciprocal: GroupSlope,
        mutation: Mutation?
    ) -> SoftmaxRadii {
        let r = Array(r), n = r.count
        var shiftRadius = shift == .firstKey ? (r.first ?? 0) : (r.max() ?? 0)
        if mutation == .dropShift { shiftRadius = 0 }
        var rz = [Double](repeating: 0, count: n), re = rz, sum = 0.0
        for j in 0..<n {
            var rd = shift == .firstKey && j == 0 ? 0 : Upward.add(r[j], shiftRadius)
            // min(d, 3) is the constant 3 where d ≥ 3 over the whole reach, and 1-Lipschitz.
            if Downward.sub(c.shiftedLo[j], rd) >= 3 { rd = 0 }
            rz[j] = rd
            re[j] = exp.deviation(lo: c.zLo[j], hi: c.zHi[j], radius: rd)
            sum = Upward.add(sum, re[j])
        }
        let inverse = reciprocal.deviation(lo: c.sumLo, hi: c.sumHi, radius: sum)
        var rp = [Double](repeating: 0, count: n), total = 0.0
        for j in 0..<n {
            rp[j] = Upward.add(
                Upward.add(Upward.mul(c.eMagnitude[j], inverse), Upward.mul(c.inverseMagnitude, re[j])), Upward.mul(re[j], inverse))
            total = Upward.add(total, rp[j])
        }
        return SoftmaxRadii(rz: rz, re: re, rp: rp, sum: sum, inverse: inverse, total: total)
    }

    /// The first-order part of CF-STA-SOFTMAX (the radii through each step, and the
    /// re-normalisation's two branches).
    static func linearSoftmax(
        _ c: STASoftmaxCentre, _ r: ArraySlice<Double>, shift: STASoftmaxShift, exp: GroupSlope, reciprocal: GroupSlope,
        mutation: Mutation? = nil
    ) -> [Double] {
        let n = r.count
        guard n > 0 else { return [] }
        let radii = reaches(c, r, shift: shift, exp: exp, reciprocal: reciprocal, mutation: mutation)
        let rp = radii.rp, totalRadius = radii.total
        let limit = 1.5
        let lower = Downward.sub(c.totalLo, totalRadius), upper = Upward.add(c.totalHi, totalRadius)
        // Σp ≤ 3/2 at every value of the reach: never re-normalised.
        if upper <= limit { return rp }
        guard c.totalLo > 0, rp.allSatisfy(\.isFinite) else { return [Double](repeating: .infinity, count: n) }
        // The branch p′/T′ with T′ > 3/2: |p′/T′ − p/T| ≤ (Rp + |p|·R_T/T)/T′.
        let floor = Swift.max(limit, lower)
        let rq = (0..<n).map { j in
            Upward.div(Upward.add(rp[j], Upward.div(Upward.mul(c.pMagnitude[j], totalRadius), c.totalLo)), floor)
        }
        if lower > limit && c.totalLo > limit { return rq }
        // Both branches may be taken: the centre's value is p or p/T, J ≥ |p − p/T| = |p|·|1 − 1/T|.
        let inverseHi = Upward.div(1, c.totalLo), inverseLo = Downward.div(1, c.totalHi)
        let factor = Swift.max(0, Upward.add(inverseHi, -1), Upward.add(1, -inverseLo))
        return (0..<n).map { j in
            let jump = mutation == .dropJump ? 0 : Upward.mul(c.pMagnitude[j], factor)
            return Upward.add(Swift.max(rp[j], rq[j]), jump)
        }
    }

    /// CF-STA-LN for one row: with y = c − mean(c), σ² = mean(y²) and ρ = rsqrt-operator(σ²) at
    /// the centre, R_y,i = (1 − 2/n)R_i + ΣR/n, R_v = Σ(2|y_i|R_y,i + R_y,i²)/n, R_ρ by CF-GROUP:
    /// |out′_i − out_i| ≤ |γ_i|·min(|y_i|R_ρ + |ρ|R_y,i + R_y,iR_ρ, √(n − 1)·√(σ²⁺ + R_v)·(|ρ| + R_ρ) + |y_i||ρ|).
    static func layerNorm(
        _ c: STANormCentre, _ r: ArraySlice<Double>, gamma: [Double], rsqrt: GroupSlope, mutation: Mutation? = nil
    ) -> [Double] {
        let r = Array(r), n = r.count
        guard n > 1 else { return [Double](repeating: 0, count: n) }
        let mean = mutation == .dropMean ? 0 : Upward.div(Upward.sum(r), Double(n))
        let coefficient = mutation == .dropMean ? 1 : Upward.add(1, -Downward.div(2, Double(n)))
        let ry = r.map { Upward.add(Upward.mul(coefficient, $0), mean) }
        var v = 0.0
        for i in 0..<n {
            v = Upward.add(v, Upward.add(Upward.mul(2, Upward.mul(c.yMagnitude[i], ry[i])), Upward.mul(ry[i], ry[i])))
        }
        let rv = Upward.div(v, Double(n))
        let rRoot = rsqrt.deviation(lo: c.varianceLo, hi: c.varianceHi, radius: rv)
        let rootCap = Upward.mul(
            Upward.mul(Upward.sqrt(Double(n - 1)), Upward.sqrt(Upward.add(Swift.max(0, c.varianceHi), rv))),
            Upward.add(c.rootMagnitude, rRoot))
        return (0..<n).map { i in
            let direct = Upward.add(
                Upward.add(Upward.mul(c.yMagnitude[i], rRoot), Upward.mul(c.rootMagnitude, ry[i])), Upward.mul(ry[i], rRoot))
            let cap = Upward.add(rootCap, Upward.mul(c.yMagnitude[i], c.rootMagnitude))
            return Upward.mul(gamma[i], Swift.min(direct, cap))
        }
    }
}
