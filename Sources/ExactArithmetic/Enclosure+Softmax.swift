extension Enclosure {
    /// softmax(x)_i = e^(x_i)/Σ_j e^(x_j) over a box of inputs. Theorem ENC-SOFTMAX.
    ///
    /// y_i = 1/(1 + Σ_{j≠i} e^(x_j − x_i)) increases in x_i and decreases in every other x_j,
    /// so over a box its exact range is
    /// [1/(1 + Σ_{j≠i} e^(x_j.hi − x_i.lo)), 1/(1 + Σ_{j≠i} e^(x_j.lo − x_i.hi))].
    /// Both ends are certified on the output grid. For a point input they are the same real
    /// number, computed with one shared shift by max x (n exponentials instead of n²).
    public static func softmax(_ x: [Interval], bits: Int) throws -> [Interval] {
        try Precision.validate(bits)
        guard !x.isEmpty else { throw ArithmeticError.shapeMismatch("softmax of an empty vector") }
        if x.count == 1 { return [Interval(.one)] }
        if x.allSatisfy(\.isPoint) {
            let points = x.map(\.lo)
            let top = points.max()!
            let bounds = points.indices.map { i in
                softmaxBounds(points.indices.filter { $0 != i }.map { points[$0] - points[i] })
            }
            return try certifyAll(bits: bits, bounds: bounds) { w in
                try softmaxOfPoints(points.map { $0 - top }, w)
            }
        }
        // The 2n ends: lows first, then highs; each is 1/(1 + Σ_j e^(d_j)).
        let lowDifferences = x.indices.map { i in x.indices.filter { $0 != i }.map { x[$0].hi - x[i].lo } }
        let highDifferences = x.indices.map { i in x.indices.filter { $0 != i }.map { x[$0].lo - x[i].hi } }
        let differences = lowDifferences + highDifferences
        let ends = try certifyAll(bits: bits, bounds: differences.map(softmaxBounds)) { w in
            try differences.map { try softmaxEnd($0, w) }
        }
        return x.indices.map { Interval(unchecked: ends[$0].lo, ends[x.count + $0].hi) }
    }

    /// What is known of y = 1/(1 + Σ_j e^(d_j)) for n − 1 differences d_j: y in (0, 1), and
    /// y < 1/n when every d_j ≥ 0 with one > 0, y > 1/n when every d_j ≤ 0 with one < 0
    /// (y = 1/n exactly when all are 0, and then the enclosure is exact).
    static func softmaxBounds(_ d: [Rational]) -> OpenBounds {
        let uniform = Kernel.inverse(d.count + 1)
        if d.allSatisfy({ $0.sign >= 0 }) && d.contains(where: { $0.sign > 0 }) {
            return OpenBounds(lower: .zero, upper: uniform)
        }
        if d.allSatisfy({ $0.sign <= 0 }) && d.contains(where: { $0.sign < 0 }) {
            return OpenBounds(lower: uniform, upper: .one)
        }
        return .unit
    }

    /// 1/(1 + Σ_j e^(d_j)) at working precision w. When some d_j ≥ k = w + 12 the value is
    /// below e^(−d_j) < 2^−k.
    static func softmaxEnd(_ d: [Rational], _ w: Int) throws -> Interval {
        let k = w + 12
        if d.contains(where: { $0 >= Rational(k) }) { return Kernel.tiny(k) }
        var sum = Interval(.one)
        for dj in d { sum = (sum + Kernel.expClamped(Interval(dj), w + 8)).rounded(w + 8) }
        return try sum.reciprocal().rounded(w + 8)
    }

    /// e^(s_i)/Σ_j e^(s_j) for shifted logits s ≤ 0 with max s = 0 (so the sum is ≥ 1).
    static func softmaxOfPoints(_ shifted: [Rational], _ w: Int) throws -> [Interval] {
        let wp = w + 8 + Kernel.log2UpperBound(Rational(shifted.count))
        let e = shifted.map { Kernel.expClamped(Interval($0), wp) }
        var sum = Interval(.zero)
        for ej in e { sum = (sum + ej).rounded(wp) }
        let inverse = try sum.reciprocal()
        return e.map { ($0 * inverse).rounded(wp) }
    }
}
