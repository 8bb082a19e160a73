/// Certified enclosures of elementary functions over intervals.
///
/// For an input interval X and a precision b, each function returns an interval that contains
/// f(x) for every x in X. Its endpoints lie on the output grid G_b (theorem ENC-GRID), which
/// gives:
/// - soundness, for wide inputs too (f is split into monotone pieces where it is not monotone);
/// - width at most 2^−b·max(1, |f(x)|) for a point input x;
/// - inclusion isotonicity: f(Y) ⊆ f(X) whenever Y ⊆ X, whenever Ziv's loop decides every
///   endpoint (it does unless a value lies within about 2^−(4b+256) of a grid point without
///   being on it; the undecided fallback stays sound but may be one grid step wider).
///
/// Bad input (a domain violation, an argument beyond the supported range, a precision
/// outside 1…`Precision.maximumBits`) is a thrown `ArithmeticError`.
public enum Enclosure {
    /// exp over X, for X ≤ 2^20. Theorem ENC-EXP.
    public static func exp(_ x: Interval, bits: Int) throws -> Interval {
        try Precision.validate(bits)
        guard x.hi <= Kernel.expArgumentLimit else {
            throw ArithmeticError.tooLarge("exp(\(x.hi)): arguments above 2^20 are not supported")
        }
        return try Kernel.increasing(x) { p in
            // e^p ≤ e^−(b+2) < 2^−(b+1), the first grid point above 0.
            if p <= Rational(-(bits + 2)) { return Interval(unchecked: .zero, .powerOfTwo(-(bits + 1))) }
            return try certify(bits: bits, aroundKnownValue(p, at: .zero, value: .one, floor: .zero)) {
                Kernel.exp(p, $0)
            }
        }
    }

    /// log over X, for X > 0. Theorem ENC-LOG.
    public static func log(_ x: Interval, bits: Int) throws -> Interval {
        try Precision.validate(bits)
        guard x.lo.sign > 0 else { throw ArithmeticError.domain("log(\(x)) needs x > 0") }
        return try Kernel.increasing(x) { p in
            try certify(bits: bits, aroundKnownValue(p, at: .one, value: .zero)) { Kernel.log(p, $0) }
        }
    }

    /// √ over X, for X ≥ 0. Theorem ENC-SQRT.
    public static func sqrt(_ x: Interval, bits: Int) throws -> Interval {
        try Precision.validate(bits)
        guard x.lo.sign >= 0 else { throw ArithmeticError.domain("sqrt(\(x)) needs x ≥ 0") }
        return try Kernel.increasing(x) { p in
            try certify(bits: bits, p.isZero ? .none : squareRootBounds(p, bits: bits, reciprocal: false)) {
                Kernel.sqrt(p, $0)
            }
        }
    }

    /// 1/√ over X, for X > 0. Theorem ENC-SQRT.
    public static func rsqrt(_ x: Interval, bits: Int) throws -> Interval {
        try Precision.validate(bits)
        guard x.lo.sign > 0 else { throw ArithmeticError.domain("1/sqrt(\(x)) needs x > 0") }
        return try decreasing(x) { p in
            try certify(bits: bits, squareRootBounds(p, bits: bits, reciprocal: true)) {
                try Kernel.sqrt(p, $0).reciprocal()
            }
        }
    }

    /// 1/x over X, for X not containing 0 (exact, then rounded outward to the grid).
    /// Theorem ENC-RECIP.
    public static func reciprocal(_ x: Interval, bits: Int) throws -> Interval {
        try Precision.validate(bits)
        guard !x.containsZero else { throw ArithmeticError.divisionByZero("1/x over \(x), which contains 0") }
        let grid = OutputGrid(bits: bits)
        return Interval(unchecked: grid.down(try x.hi.reciprocal()), grid.up(try x.lo.reciprocal()))
    }

    /// erf over X. Theorem ENC-ERF.
    public static func erf(_ x: Interval, bits: Int) throws -> Interval {
        try Precision.validate(bits)
        return try Kernel.increasing(x) { p in try certify(bits: bits, oddUnitBounds(p)) { Kernel.erf(p, $0) } }
    }

    /// tanh over X. Theorem ENC-TANH.
    public static func tanh(_ x: Interval, bits: Int) throws -> Interval {
        try Precision.validate(bits)
        return try Kernel.increasing(x) { p in try certify(bits: bits, oddUnitBounds(p)) { Kernel.tanh(p, $0) } }
    }

    /// The logistic sigmoid σ(x) = 1/(1 + e^−x) over X. Theorem ENC-SIGMOID.
    public static func sigmoid(_ x: Interval, bits: Int) throws -> Interval {
        try Precision.validate(bits)
        return try Kernel.increasing(x) { p in
            try certify(bits: bits, aroundKnownValue(p, at: .zero, value: .powerOfTwo(-1), floor: .zero, ceiling: .one)) {
                Kernel.sigmoid(p, $0)
            }
        }
    }

    /// f(0) = 0 and, for p ≠ 0, f(p) in (0, 1) or (−1, 0) with the sign of p (erf, tanh).
    static func oddUnitBounds(_ p: Rational) -> OpenBounds {
        p.isZero ? .none : (p.sign > 0 ? .unit : .negativeUnit)
    }

    /// Open bounds for a strictly increasing f with f(at) = value exactly, evaluated at p ≠ at:
    /// f(p) lies strictly on the side of `value` that p lies on,
    /// and strictly between `floor` and `ceiling`. Without them an enclosure of f(p) for p
    /// extremely close to `at` straddles the grid point `value` and is never decided.
    static func aroundKnownValue(
        _ p: Rational, at: Rational, value: Rational, floor: Rational? = nil, ceiling: Rational? = nil
    ) -> OpenBounds {
        if p == at { return .none }
        if p > at { return OpenBounds(lower: value, upper: ceiling) }
        return OpenBounds(lower: floor, upper: value)
    }

    /// Open bounds for v = √p (or 1/√p) against the grid points next to it: for a grid point g > 0,
    /// √p > g exactly when p − g² > 0 (1/√p > g when 1 − g²p > 0), which exact arithmetic decides.
    /// With the two grid points around an enclosure's midpoint as bounds, Ziv's loop decides
    /// v unless v is itself a grid point (and then the kernel is exact).
    static func squareRootBounds(_ p: Rational, bits: Int, reciprocal: Bool) -> OpenBounds {
        var bounds = OpenBounds(lower: .zero, upper: nil)
        let grid = OutputGrid(bits: bits)
        var estimate = Kernel.sqrt(p, workingPrecisions(bits)[0])
        if reciprocal, let r = try? estimate.reciprocal() { estimate = r }
        for g in Set([grid.down(estimate.midpoint), grid.up(estimate.midpoint)]) where g.sign > 0 {
            let s = reciprocal ? .one - g * g * p : p - g * g
            if s.sign > 0, bounds.lower.map({ g > $0 }) ?? true { bounds.lower = g }
            if s.sign < 0, bounds.upper.map({ g < $0 }) ?? true { bounds.upper = g }
        }
        return bounds
    }

    /// [lo of f(x.hi), hi of f(x.lo)] for a decreasing f given point enclosures.
    static func decreasing(_ x: Interval, _ point: (Rational) throws -> Interval) rethrows -> Interval {
        if x.isPoint { return try point(x.lo) }
        return Interval(unchecked: try point(x.hi).lo, try point(x.lo).hi)
    }
}
