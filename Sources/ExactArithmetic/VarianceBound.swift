extension Enclosure {
    /// The exact minimum over a box of the (biased) variance (1/n)Σ(x_i − μ)².
    ///
    /// For fixed x, Σ(x_i − μ)² = min_t Σ(x_i − t)², so the minimum over the box is
    /// min_t F(t) with F(t) = Σ_i dist(t, X_i)², a convex piecewise quadratic. Its slope
    /// F'(t)/2 = Σ_{lo_i > t}(t − lo_i) + Σ_{hi_i < t}(t − hi_i) is nondecreasing, so the
    /// minimiser is the first end point p where F'(p) ≥ 0, or, when F'(p) > 0, the root of the
    /// linear F' on the segment just before p. Exact rational arithmetic throughout.
    /// Theorem ENC-LAYERNORM.
    public static func minimumVariance(_ x: [Interval]) -> Rational {
        let n = x.count
        let breakpoints = Array(Set(x.flatMap { [$0.lo, $0.hi] })).sorted()
        func slope(_ t: Rational) -> Rational {
            x.reduce(Rational.zero) { sum, xi in
                if xi.lo > t { return sum + (t - xi.lo) }
                if xi.hi < t { return sum + (t - xi.hi) }
                return sum
            }
        }
        // Binary search for the first breakpoint with slope ≥ 0 (the last one always has).
        var low = 0, high = breakpoints.count - 1
        while low < high {
            let mid = (low + high) / 2
            if slope(breakpoints[mid]).sign >= 0 { high = mid } else { low = mid + 1 }
        }
        let p = breakpoints[low]
        var t = p
        if slope(p).sign > 0 && low > 0 {
            // Inside (previous, p) the active sets are fixed: lo_i ≥ p and hi_i ≤ previous.
            let previous = breakpoints[low - 1]
            var total = Rational.zero
            var count = 0
            for xi in x {
                if xi.lo >= p { total += xi.lo; count += 1 }
                if xi.hi <= previous { total += xi.hi; count += 1 }
            }
            if count > 0 { t = (try? total / Rational(count)) ?? p }
        }
        let sum = x.reduce(Rational.zero) { sum, xi in
            let d = xi.lo > t ? xi.lo - t : (xi.hi < t ? t - xi.hi : .zero)
            return sum + d * d
        }
        return sum * Kernel.inverse(n)
    }
}

