/// A precomputed certified table of GELU for fast enclosures over boxes. Theorem ENC-GELU-TAB
/// (proofs/enclosures.md).
///
/// On the grid x_j = −L + j·h (h = 2^−k) the table holds an enclosure of g(x_j) and an
/// enclosure of g' over each cell [x_j, x_{j+1}] (natural interval extension). For p in a cell,
/// g(p) = g(x_j) + (p − x_j)·g'(ξ) for some ξ in the cell (mean value theorem), so
/// g(p) ∈ G_j + (p − x_j)·D_j: a few rational operations instead of a series. Beyond ±L,
/// g(p) ∈ [p − τ, p] for p > L and g(p) ∈ [−τ, 0] for p < −L, with τ ≥ sup_{x≥L} x·s(−x)
/// (the three forms are symmetric sigmoids, s(−x) = 1 − s(x)).
///
/// The width of an endpoint's enclosure is at most h·wid(D_j) plus the table's own width:
/// about h² (here 2^−16), far above the tight enclosure's 2^−b but far below the widths the
/// a priori analysis works with. Built once per form (an immutable constant).
struct GELUTable: Sendable {
    let form: GELUForm
    /// L: the table covers [−L, L].
    let limit: Int
    /// k: the grid step is 2^−k.
    let stepExponent: Int
    let values: [Interval]
    let slopes: [Interval]
    /// Each cell's sup |g′| from `slopes`, rounded up to a Double, and their maximum.
    let slopeMagnitudes: [Double]
    let largestSlope: Double
    /// τ, a bound on the tail term x·s(−x) for x ≥ L.
    let tail: Rational
    /// Boxes narrower than this (2^−10) inside [−L, L] take the tight path: there the table's
    /// excess of about 2^−16 per end would be more than a few percent of the width, and a point
    /// domain's reference run, all boxes of width about 2^−64, would come out 2^−16 wide.
    static let narrowestBox = Rational.powerOfTwo(-10)
    /// The working precision of the table's entries.
    static let precision = 80

    init(form: GELUForm, limit: Int, stepExponent: Int) {
        self.form = form
        self.limit = limit
        self.stepExponent = stepExponent
        let w = Self.precision
        let count = 2 * limit << stepExponent
        let points = (0...count).map { Rational(-limit) + Rational($0).timesPowerOfTwo(-stepExponent) }
        values = points.map { Kernel.gelu(form, $0, w) }
        slopes = (0..<count).map { Kernel.geluDerivative(form, Interval(unchecked: points[$0], points[$0 + 1]), w) }
        tail = Self.tailBound(form, Rational(limit), w)
        slopeMagnitudes = slopes.map { $0.magnitude.doubleValue(rounding: .up) }
        largestSlope = slopeMagnitudes.max() ?? .infinity
    }

    /// An upper bound on sup_{x ≥ L} x·s(−x), for L ≥ 1.
    /// - erf: x·(1 − Φ(x)) < φ(x) (Mills' ratio), and φ decreases on x > 0: φ(L).
    /// - quick: x·σ(−cx) < x·e^(−cx), which decreases for x > 1/c: L·e^(−cL), c = 1.702.
    /// - tanh: x·σ(−u(x)) < x·e^(−u(x)), decreasing as u' ≥ 2√(2/π) > 1/x: L·e^(−u(L)).
    static func tailBound(_ form: GELUForm, _ limit: Rational, _ w: Int) -> Rational {
        switch form {
        case .erf: return Kernel.normalDensity(Interval(limit), w).hi
        case .quick: return (Kernel.exp(-(limit * Kernel.quickSlope), w) * limit).hi
        case .tanh:
            let u = Kernel.tanhArgument(Interval(limit), w)
            return (Kernel.exp(-u.lo, w) * limit).hi
        }
    }

    /// An enclosure of g(p), rounded outward to `bits`.
    func enclose(_ p: Rational, bits: Int) -> Interval {
        let l = Rational(limit)
        if p > l { return Interval(unchecked: p - tail, p).rounded(bits) }
        if p < -l { return Interval(unchecked: -tail, .zero).rounded(bits) }
        let j = cell(p)
        let offset = p - (-l + Rational(j).timesPowerOfTwo(-stepExponent))
        return (values[j] + slopes[j] * offset).rounded(bits)
    }

    /// The sign of g'(p) for p in [−L, L] when the enclosure of g' over p's cell decides it, else 0.
    func slopeSign(_ p: Rational) -> Int {
        guard p.magnitude <= Rational(limit) else { return 0 }
        let d = slopes[cell(p)]
        return d.lo.sign > 0 ? 1 : (d.hi.sign < 0 ? -1 : 0)
    }

    /// The j with x_j ≤ p ≤ x_{j+1}, for p in [−L, L].
    private func cell(_ p: Rational) -> Int {
        let scaled = (p + Rational(limit)).timesPowerOfTwo(stepExponent)
        var j = Swift.max(0, Swift.min(Int(scaled.doubleValue(rounding: .down).rounded(.down)), slopes.count - 1))
        // The Double floor is at most one step off; settle it exactly.
        while j > 0 && Rational(j) > scaled { j -= 1 }
        while j < slopes.count - 1 && Rational(j + 1) < scaled { j += 1 }
        return j
    }

    static let erf = GELUTable(form: .erf, limit: 8, stepExponent: 8)
    static let tanh = GELUTable(form: .tanh, limit: 8, stepExponent: 8)
    static let quick = GELUTable(form: .quick, limit: 24, stepExponent: 8)

    static func table(_ form: GELUForm) -> GELUTable {
        switch form {
        case .erf: return erf
        case .tanh: return tanh
        case .quick: return quick
        }
    }
}

extension Enclosure {
    /// GELU over a box from the precomputed table (theorem ENC-GELU-TAB): sound, at most about
    /// 2^−16 wider per endpoint than `gelu`, and much faster. For the a priori analysis, whose
    /// boxes are far wider than that. Points, and boxes narrower than 2^−10 that reach into
    /// [−L, L], take the tight path. Narrow boxes wholly beyond ±L take the table's tail bounds:
    /// on the tight path their tiny values, such as g(−20) ≈ −5·10⁻⁸⁸, gave the integer matrix
    /// products thousand-bit scales, and one clean MiniLM run took many minutes.
    ///
    /// g decreases up to x* ∈ (−1, −1/2) and increases after (lemma GELU-UNI), so the maximum
    /// over [a, b] is at an endpoint; the minimum is g(b) when g'(b) < 0 (b ≤ −1, or the slope
    /// enclosure of b's cell is negative), g(a) when g'(a) > 0, and otherwise at least
    /// min(g(x*), g(a), g(b)).
    public static func tabulatedGELU(_ x: Interval, form: GELUForm = .erf, bits: Int) throws -> Interval {
        try Precision.validate(bits)
        let table = GELUTable.table(form)
        let beyond = x.lo > Rational(table.limit) || x.hi < Rational(-table.limit)
        if x.isPoint || (x.width < GELUTable.narrowestBox && !beyond) { return try gelu(x, form: form, bits: bits) }
        let atLo = table.enclose(x.lo, bits: bits), atHi = table.enclose(x.hi, bits: bits)
        let upper = Swift.max(atLo.hi, atHi.hi)
        let lower: Rational
        if x.hi <= Rational(-1) || table.slopeSign(x.hi) < 0 {
            lower = atHi.lo
        } else if x.lo >= -Rational.powerOfTwo(-1) || table.slopeSign(x.lo) > 0 {
            lower = atLo.lo
        } else {
            let minimum = try certify(bits: bits) { Kernel.geluMinimum(form, $0) }
            lower = Swift.min(minimum.lo, atLo.lo, atHi.lo)
        }
        return Interval(unchecked: lower, upper)
    }
}

extension Enclosure {
    /// A `Double` s ≥ sup |g′(x)| over [lo, hi], for the centred forms' activation rule (CF-ACT,
    /// proofs/bounds/B-CF.md): inside [−L, L] the largest magnitude of the table's slope
    /// enclosures over the cells that meet [lo, hi] (one cell more on each side, so a Double
    /// rounding of the cell index cannot miss one; the largest of all when more than 64 cells
    /// meet it); where [lo, hi] leaves [−L, L], the global bound 1 + κ (lemma CF-ACT-GLOBAL).
    public static func geluSlopeBound(lo: Double, hi: Double, form: GELUForm) throws -> Double {
        guard lo.isFinite, hi.isFinite, lo <= hi else {
            throw ArithmeticError.domain("GELU slope over [\(lo), \(hi)]: not a finite interval")
        }
        let table = GELUTable.table(form), limit = Double(table.limit)
        var bound = 0.0
        if hi >= -limit && lo <= limit {
            let scale = Double(1 << table.stepExponent)
            let first = Swift.max(0, Int(((Swift.max(lo, -limit) + limit) * scale).rounded(.down)) - 1)
            let last = Swift.min(table.slopeMagnitudes.count - 1, Int(((Swift.min(hi, limit) + limit) * scale).rounded(.down)) + 1)
            if last - first > 64 {
                bound = table.largestSlope
            } else if first <= last {
                for j in first...last { bound = Swift.max(bound, table.slopeMagnitudes[j]) }
            }
        }
        if hi > limit || lo < -limit { bound = Swift.max(bound, globalSlope(form)) }
        return bound
    }

    /// 1 + κ ≥ sup |g′| over the whole line (lemma CF-ACT-GLOBAL): g = x·s(x) with s a sigmoid,
    /// g′ = s + x·s′, and κ ≥ sup_{x ≥ 0} x·s′(x): 1/√(2πe) < 0.2420 for erf; W(1/e) < 0.2785 for
    /// quick (y·σ(y)σ(−y) ≤ y·σ(−y), y = 1.702x); 3·W(1/e) < 0.8355 for tanh (x·u′(x) ≤ 3u(x)).
    public static func globalSlope(_ form: GELUForm) -> Double {
        switch form {
        case .erf: return 1.2420
        case .quick: return 1.2785
        case .tanh: return 1.8355
        }
    }
}
