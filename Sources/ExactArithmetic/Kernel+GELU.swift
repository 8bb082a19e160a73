/// The three GELU forms g(x) = x·s(x), with s a sigmoid-shaped distribution function.
public enum GELUForm: String, Sendable, CaseIterable {
    /// x·Φ(x), Φ the standard normal distribution function.
    case erf
    /// x·(1 + tanh(√(2/π)(x + 0.044715x³)))/2 = x·σ(2√(2/π)(x + 0.044715x³)).
    case tanh
    /// x·σ(1.702x).
    case quick
}

extension Kernel {
    static let tanhCubic = try! Rational(parsing: "0.044715")
    static let quickSlope = try! Rational(parsing: "1.702")

    /// 2√(2/π).
    static func tanhSlope(_ w: Int) -> Interval {
        (sqrt(try! pi(w).reciprocal() * Rational(2), w) * Rational(2)).rounded(w)
    }

    /// u(x) = 2√(2/π)(x + 0.044715x³), over an interval (u is increasing).
    static func tanhArgument(_ x: Interval, _ w: Int) -> Interval {
        let cubic = (try! x.power(3)) * tanhCubic
        return (tanhSlope(w) * (x + cubic)).rounded(w)
    }

    /// s(x) over an interval, for each form.
    static func distribution(_ form: GELUForm, _ x: Interval, _ w: Int) -> Interval {
        switch form {
        case .erf: return normalCDF(x, w)
        case .tanh: return sigmoid(tanhArgument(x, w), w)
        case .quick: return sigmoid((x * quickSlope).rounded(w + 8), w)
        }
    }

    /// g(x) = x·s(x) at a point. Theorem ENC-GELU.
    static func gelu(_ form: GELUForm, _ x: Rational, _ w: Int) -> Interval {
        if x.isZero { return Interval(.zero) }
        let wp = w + 8 + max(0, log2UpperBound(x))
        return (distribution(form, Interval(x), wp) * x).rounded(wp)
    }

    /// g'(x) = s(x) + x·s'(x) over an interval, by the natural interval extension.
    /// Theorem ENC-GELU.
    static func geluDerivative(_ form: GELUForm, _ x: Interval, _ w: Int) -> Interval {
        let wp = w + 8
        let s = distribution(form, x, wp)
        let density: Interval
        switch form {
        case .erf:
            density = normalDensity(x, wp)
        case .quick:
            density = (s * (Interval(.one) - s) * quickSlope).rounded(wp)
        case .tanh:
            let slope = tanhSlope(wp)
            let du = (slope * (x.squared * (tanhCubic * Rational(3)) + .one)).rounded(wp)
            density = (s * (Interval(.one) - s) * du).rounded(wp)
        }
        return (s + x * density).rounded(wp)
    }

    /// An enclosure of min g = g(x*), where x* in (−1, −1/2) is the unique zero of g'
    /// (lemma GELU-UNI). x* is bracketed by bisection on the sign of g', then
    /// g(x*) ∈ [g(m) − max|g'(J)|·rad(J), g(m)] for the bracket J and its midpoint m
    /// (mean value theorem; g(x*) ≤ g(m) because x* is the minimiser).
    static func geluMinimum(_ form: GELUForm, _ w: Int) -> Interval {
        // An enclosure at a higher precision, computed once, rounded outward, still contains
        // g(x*) (ENC-SIMP); its width at 256 bits is far below 2^-w for the w used here.
        if w <= 192 {
            switch form {
            case .erf: return geluMinimumErf256.rounded(w + 8)
            case .tanh: return geluMinimumTanh256.rounded(w + 8)
            case .quick: return geluMinimumQuick256.rounded(w + 8)
            }
        }
        return bisectedGELUMinimum(form, w)
    }

    static let geluMinimumErf256 = bisectedGELUMinimum(.erf, 256)
    static let geluMinimumTanh256 = bisectedGELUMinimum(.tanh, 256)
    static let geluMinimumQuick256 = bisectedGELUMinimum(.quick, 256)

    static func bisectedGELUMinimum(_ form: GELUForm, _ w: Int) -> Interval {
        var l = Rational(-1)
        var r = -Rational.powerOfTwo(-1)
        let wp = w + 8
        let targetWidth = Rational.powerOfTwo(-(wp / 2 + 8))
        while r - l > targetWidth {
            let mid = (l + r).timesPowerOfTwo(-1)
            let d = geluDerivative(form, Interval(mid), wp)
            if d.lo.sign > 0 {
                r = mid
            } else if d.hi.sign < 0 {
                l = mid
            } else {
                break  // the sign is undecided at this precision; keep the bracket.
            }
        }
        let bracket = Interval(unchecked: l, r)
        let m = bracket.midpoint
        let value = gelu(form, m, wp)
        let slope = geluDerivative(form, bracket, wp).magnitude
        let lower = value.lo - slope * bracket.radius
        return Interval(unchecked: lower, value.hi).rounded(wp)
    }
}
