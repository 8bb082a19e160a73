/// Correlation coefficients of paired samples.
public enum Correlation {
    /// Pearson's r; NaN for fewer than 2 pairs, lengths that differ, or a side without variation.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, x.count >= 2 else { return .nan }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        let d = (sxx * syy).squareRoot()
        return d > 0 ? sxy / d : .nan
    }

    /// Spearman's ρ: Pearson's r of the ranks, ties getting their mean rank (as scipy's
    /// `spearmanr`).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count else { return .nan }
        return pearson(ranks(x), ranks(y))
    }

    /// The ranks 1…n of x, ties getting their mean rank.
    public static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var r = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { r[order[k]] = rank }
            i = j + 1
        }
        return r
    }
}
