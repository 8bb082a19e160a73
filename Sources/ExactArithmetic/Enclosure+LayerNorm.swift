extension Enclosure {
    /// LayerNorm y_i = γ_i·(x_i − μ)/√(σ² + ε) + β_i, with μ the mean and σ² the (biased)
    /// variance of x, over a box of inputs. Theorem ENC-LAYERNORM.
    ///
    /// z_i = x_i − μ is linear in x, so its exact range Z_i over the box is computed exactly.
    /// σ² lies in S = [minimum variance over the box (exact, `minimumVariance`), mean(mag(Z_k)²)],
    /// and y_i in
    /// γ_i·Z_i·[1/√(S.hi + ε), 1/√(S.lo + ε)] + β_i. The ends of that interval are certified
    /// on the output grid. For a point input Z_i and S are points, so the result is the
    /// rounded exact value; for a wide box the result is sound but ignores the coupling
    /// between z_i and σ², except for Lemma CAP: every entry also lies within β_i ± |γ_i|√(n − 1)
    /// (applied to boxes that are not points, so point results stay on the output grid).
    public static func layerNorm(
        _ x: [Interval], gamma: [Rational], beta: [Rational], epsilon: Rational, bits: Int
    ) throws -> [Interval] {
        try Precision.validate(bits)
        let n = x.count
        guard n > 0 else { throw ArithmeticError.shapeMismatch("LayerNorm of an empty vector") }
        guard gamma.count == n, beta.count == n else {
            throw ArithmeticError.shapeMismatch(
                "LayerNorm of \(n) entries with \(gamma.count) gamma and \(beta.count) beta values")
        }
        guard epsilon.sign >= 0 else { throw ArithmeticError.domain("LayerNorm epsilon \(epsilon) is negative") }
        let inverseN = Kernel.inverse(n)
        let sumLo = x.reduce(Rational.zero) { $0 + $1.lo }
        let sumHi = x.reduce(Rational.zero) { $0 + $1.hi }
        // Z_i = x_i(1 − 1/n) − (1/n)Σ_{j≠i} x_j.
        let z: [Interval] = x.map { xi in
            let keep = Rational.one - inverseN
            let lo = xi.lo * keep - (sumHi - xi.hi) * inverseN
            let hi = xi.hi * keep - (sumLo - xi.lo) * inverseN
            return Interval(unchecked: lo, hi)
        }
        let varianceLo = minimumVariance(x)
        let varianceHi = z.reduce(Rational.zero) { $0 + $1.magnitude * $1.magnitude } * inverseN
        let dLo = varianceLo + epsilon, dHi = varianceHi + epsilon
        guard dLo.sign > 0 else {
            throw ArithmeticError.domain("LayerNorm: the input box contains a constant vector (variance 0) and epsilon is 0")
        }
        let scaled = x.indices.map { z[$0] * gamma[$0] }
        let ends = try certifyAll(bits: bits, bounds: [OpenBounds](repeating: .none, count: 2 * n)) { w in
            let wp = w + 8
            // R.lo = 1/√(S.hi + ε) and R.hi = 1/√(S.lo + ε), each enclosed.
            let rLo = try Kernel.sqrt(dHi, wp).reciprocal()
            let rHi = try Kernel.sqrt(dLo, wp).reciprocal()
            var lows = [Interval](), highs = [Interval]()
            for i in 0..<n {
                let corners = [scaled[i].lo, scaled[i].hi].flatMap { g in [rLo * g, rHi * g] }
                let low = Interval(unchecked: corners.map(\.lo).min()!, corners.map(\.hi).min()!)
                let high = Interval(unchecked: corners.map(\.lo).max()!, corners.map(\.hi).max()!)
                lows.append((low + beta[i]).rounded(wp))
                highs.append((high + beta[i]).rounded(wp))
            }
            return lows + highs
        }
        let result = (0..<n).map { Interval(unchecked: ends[$0].lo, ends[n + $0].hi) }
        guard x.contains(where: { !$0.isPoint }) else { return result }
        // Lemma CAP: |x_i − μ| ≤ √(n − 1)·σ, so |y_i − β_i| ≤ |γ_i|·√(n − 1) whatever the box.
        // The cap's ends are rounded outward on the output grid, so that a point inside the box,
        // whose result is [RD(y), RU(y)] with y within the cap, still gets a sub-interval.
        let root = Self.squareRootUpperBound(n - 1), grid = OutputGrid(bits: bits)
        return result.indices.map { i in
            let cap = gamma[i].magnitude * root
            let lo = Swift.max(result[i].lo, grid.down(beta[i] - cap)), hi = Swift.min(result[i].hi, grid.up(beta[i] + cap))
            return lo <= hi ? Interval(unchecked: lo, hi) : result[i]
        }
    }

    /// A dyadic upper bound of √m within 2^−16: ⌈√(m·2^32)⌉/2^16, the integer root found exactly.
    public static func squareRootUpperBound(_ m: Int) -> Rational {
        guard m > 0 else { return .zero }
        let scaled = UInt64(m) << 32
        var k = UInt64(Double(scaled).squareRoot())
        while k * k < scaled { k += 1 }
        while k > 0 && (k - 1) * (k - 1) >= scaled { k -= 1 }
        return Rational(Int(k)).timesPowerOfTwo(-16)
    }
}
