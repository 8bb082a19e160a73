import ExactArithmetic
import Tensors

/// The rules of the centred forms (B-CF, proofs/bounds/B-CF.md). A centred form is a tensor of
/// the exact ANN's values c at one input (a `Centre`) and a tensor of radii R ≥ 0: it stands
/// for every value c + d with |d| ≤ R entry by entry. Each rule maps the radii of an operator's
/// inputs to radii of its output that hold for every choice of the deviations, from the centres'
/// exact bounds. Every radius is rounded up (CF-UP), so each is a `Double` bound.
enum CentredRule {
    /// Deliberate weakenings, each dropping one term a rule's proof needs: for the mutation
    /// tests only (`CentredRuleTests`); nothing else passes one.
    enum Mutation: CaseIterable {
        /// CF-PROD without RaRb.
        case dropCrossTerm
        /// CF-SOFTMAX without a and b (each key as if the others did not move).
        case dropSoftmaxCoupling
        /// CF-LN without the term of the scale's change (|z_i|·v/…).
        case dropScaleTerm
        /// CF-ACT with the slope at the centre only, not over the whole segment.
        case slopeAtCentre
    }

    /// C = A·B for non-negative [m, k] and [k, n] matrices, every sum and product rounded up.
    static func product(_ a: Tensor<Double>, _ b: Tensor<Double>) throws -> Tensor<Double> {
        guard a.rank == 2, b.rank == 2, a.shape[1] == b.shape[0] else {
            throw BoundError.invalidParameter("centred product of \(a.shape) and \(b.shape)")
        }
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        var c = [Double](repeating: 0, count: m * n)
        a.values.withUnsafeBufferPointer { a in
            b.values.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    for i in 0..<m {
                        for p in 0..<k {
                            let x = a[i * k + p]
                            if x == 0 { continue }
                            for j in 0..<n { c[i * n + j] = Upward.add(c[i * n + j], Upward.mul(x, b[p * n + j])) }
                        }
                    }
                }
            }
        }
        return try Tensor(shape: [m, n], values: c)
    }

    /// a + b entry by entry, rounded up.
    static func sum(_ a: Tensor<Double>, _ b: Tensor<Double>) throws -> Tensor<Double> {
        try a.zipWith(b) { Upward.add($0, $1) }
    }

    /// CF-LIN: y = x·Wᵀ + b deviates by at most R·|W|ᵀ (`magnitudes` is |W|ᵀ, [in, out]).
    static func linear(_ magnitudes: Tensor<Double>, _ r: Tensor<Double>) throws -> Tensor<Double> {
        try product(r, magnitudes)
    }

    /// CF-PROD: (A + dA)(B + dB) − AB for |dA| ≤ Ra, |dB| ≤ Rb is at most Ra|B| + |A|Rb + RaRb
    /// (exactly, entry by entry). With `spread` (B-STEP (c), the compensated product's single
    /// steps), 3Ra|B| + 3|A|Rb + 5RaRb.
    static func product(
        a: Tensor<Double>, ra: Tensor<Double>, b: Tensor<Double>, rb: Tensor<Double>, spread: Bool, mutation: Mutation? = nil
    ) throws -> Tensor<Double> {
        let first = try product(ra, b), second = try product(a, rb), both = try product(ra, rb)
        let (p, q) = (spread ? 3.0 : 1.0, mutation == .dropCrossTerm ? 0 : (spread ? 5.0 : 1.0))
        return try Tensor(shape: first.shape, values: (0..<first.count).map { i in
            Upward.add(Upward.mul(p, Upward.add(first.values[i], second.values[i])), Upward.mul(q, both.values[i]))
        })
    }

    /// CF-SOFTMAX, row by row over all of a row's keys: with p the softmax of the centre and
    /// a = Σ_j p_j R_j, b = Σ_j p_j (e^{R_j} − 1),
    /// |softmax(s + d)_i − p_i| ≤ min(1, p_i · max((e^{R_i} − 1 + a)/(1 − a), R_i + b)).
    static func softmax(_ p: Centre, _ r: Tensor<Double>, mutation: Mutation? = nil) throws -> Tensor<Double> {
        guard p.shape == r.shape else { throw BoundError.invalidParameter("softmax radii \(r.shape) for \(p.shape)") }
        let n = r.rowLength
        var out = [Double](repeating: 1, count: r.count)
        for row in 0..<r.rowCount {
            let range = row * n..<(row + 1) * n
            var a = 0.0, b = 0.0
            for j in range {
                a = Upward.add(a, Upward.mul(p.magnitude[j], r.values[j]))
                b = Upward.add(b, Upward.mul(p.magnitude[j], Upward.expm1(r.values[j])))
            }
            if mutation == .dropSoftmaxCoupling { (a, b) = (0, 0) }
            guard a < 1, b.isFinite else { continue }
            let lower = Downward.sub(1, a)
            for i in range {
                let up = Upward.div(Upward.add(Upward.expm1(r.values[i]), a), lower)
                let down = Upward.add(r.values[i], b)
                out[i] = Swift.min(1, Upward.mul(p.magnitude[i], Swift.max(up, down)))
            }
        }
        return try Tensor(shape: r.shape, values: out)
    }

    /// CF-LN, row by row: with z = c − mean(c), σ ≤ √(var c + ε), R̄ = mean(R) and
    /// v = (2Σ|z_j|R_j + ΣR_j²)/n, when σ² > v and σ′ = √(σ² − v),
    /// |LN(c + d)_i − LN(c)_i| ≤ |γ_i|((R_i + R̄)/σ′ + |z_i|·v/(σσ′(σ + σ′))),
    /// and always at most |γ_i|(√(n − 1) + |z_i|/σ) (lemma CAP).
    static func layerNorm(
        _ rows: [NormCentre], gamma: [Double], _ r: Tensor<Double>, mutation: Mutation? = nil
    ) throws -> Tensor<Double> {
        let n = r.rowLength
        guard rows.count == r.rowCount, gamma.count == n, n > 0 else {
            throw BoundError.invalidParameter("LayerNorm radii \(r.shape) for \(rows.count) rows of \(gamma.count)")
        }
        let rootCap = Upward.sqrt(Double(n - 1))
        var out = [Double](repeating: 0, count: r.count)
        for (row, centre) in rows.enumerated() {
            let base = row * n
            var total = 0.0, weighted = 0.0, squares = 0.0
            for j in 0..<n {
                let x = r.values[base + j]
                total = Upward.add(total, x)
                weighted = Upward.add(weighted, Upward.mul(centre.deviationMagnitude[j], x))
                squares = Upward.add(squares, Upward.mul(x, x))
            }
            let mean = Upward.div(total, Double(n))
            let v = Upward.div(Upward.add(Upward.mul(2, weighted), squares), Double(n))
            let sigma = centre.sigma
            let remaining = Downward.sub(Downward.mul(sigma, sigma), v)
            let shifted = remaining > 0 ? Downward.sqrt(remaining) : 0
            for i in 0..<n {
                let z = centre.deviationMagnitude[i], g = gamma[i]
                let cap = sigma > 0 ? Upward.mul(g, Upward.add(rootCap, Upward.div(z, sigma))) : .infinity
                guard shifted > 0 else { out[base + i] = cap; continue }
                let direct = Upward.div(Upward.add(r.values[base + i], mean), shifted)
                let denominator = Downward.mul(Downward.mul(sigma, shifted), Downward.add(sigma, shifted))
                let scaleTerm = mutation == .dropScaleTerm ? 0 : Upward.div(Upward.mul(z, v), denominator)
                out[base + i] = Swift.min(cap, Upward.mul(g, Upward.add(direct, scaleTerm)))
            }
        }
        return try Tensor(shape: r.shape, values: out)
    }

    /// CF-ACT: |g(c + d) − g(c)| ≤ sup |g′| over [lo c − R, hi c + R] · R (mean value theorem),
    /// the slope from ENC-GELU-TAB's table (`Enclosure.geluSlopeBound`). With `spread`
    /// (B-STEP (b), a compensated activation's single steps), 3 times that.
    static func activation(
        _ c: Centre, _ r: Tensor<Double>, form: GELUForm, spread: Bool, mutation: Mutation? = nil
    ) throws -> Tensor<Double> {
        guard c.shape == r.shape else { throw BoundError.invalidParameter("activation radii \(r.shape) for \(c.shape)") }
        let factor = spread ? 3.0 : 1.0
        return try Tensor(shape: r.shape, values: try (0..<r.count).map { e in
            let x = r.values[e]
            if x == 0 { return 0 }
            let reach = mutation == .slopeAtCentre ? 0 : x
            let slope = try Enclosure.geluSlopeBound(lo: Downward.sub(c.lo[e], reach), hi: Upward.add(c.hi[e], reach), form: form)
            return Upward.mul(factor, Upward.mul(slope, x))
        })
    }

    /// B-STEP (b) for LayerNorm in centred form: single steps of a compensated LayerNorm lie
    /// within L_i·w of LN over the box, w = 2·max_j R_j the row's widest width and
    /// L_i = |γ_i|(2 + √n)/√(σ²_min + ε), with √σ²_min ≥ max(0, σ₀ − √(ΣR_j²/n)) over the box.
    static func layerNormSpread(_ rows: [NormCentre], gamma: [Double], epsilon: Double, _ r: Tensor<Double>) throws -> Tensor<Double> {
        let n = r.rowLength
        guard rows.count == r.rowCount, gamma.count == n else {
            throw BoundError.invalidParameter("LayerNorm radii \(r.shape) for \(rows.count) rows of \(gamma.count)")
        }
        let root = Upward.sqrt(Double(n))
        var out = [Double](repeating: 0, count: r.count)
        for (row, centre) in rows.enumerated() {
            let slice = r.values[row * n..<(row + 1) * n]
            let widest = slice.max() ?? 0
            let rms = Upward.sqrt(Upward.div(Upward.sum(slice.map { Upward.mul($0, $0) }), Double(n)))
            let sigmaMin = Swift.max(0, Downward.sub(centre.sigmaWithoutEpsilon, rms))
            let floor = Downward.sqrt(Downward.add(Downward.mul(sigmaMin, sigmaMin), epsilon))
            guard floor > 0 else { throw BoundError.domain("LayerNorm without ε over rows that may be constant") }
            let width = Upward.mul(2, widest)
            for i in 0..<n {
                let lipschitz = Upward.div(Upward.mul(gamma[i], Upward.add(2, root)), floor)
                out[row * n + i] = Upward.mul(lipschitz, width)
            }
        }
        return try Tensor(shape: r.shape, values: out)
    }

    /// B-STEP (b) for the softmax in centred form: single steps lie within w/2 = max_j R_j of
    /// softmax over the box, per row (B-EC's constant 1/2).
    static func softmaxSpread(_ r: Tensor<Double>) throws -> Tensor<Double> {
        try r.mapRows { row in
            let widest = row.max() ?? 0
            return [Double](repeating: widest, count: row.count)
        }
    }
}
