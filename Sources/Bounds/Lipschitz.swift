import ExactArithmetic

/// A certified Lipschitz constant: sup|f′| over a domain lies in [lower, upper]. `upper` is
/// what bounds use; `lower` (|f′| enclosed at a point) shows how far `upper` can be from the
/// truth. Theorem B-LIP.
public struct LipschitzConstant: Sendable, Equatable {
    public let upper: Rational
    public let lower: Rational
}

public enum Lipschitz {
    /// sup|f′| over [a, b] by interval analysis: the domain is cut into `pieces` equal parts,
    /// f′ is enclosed on each (ENC-DERIV), and the largest magnitude is the upper bound. Never
    /// sampled: every x of the domain lies in some part. The lower bound is the largest
    /// |f′(midpoint)| enclosed from below.
    public static func constant(
        of f: ElementaryFunction, over domain: Interval, pieces: Int = 64, bits: Int = 64
    ) throws -> LipschitzConstant {
        guard pieces >= 1 && pieces <= 1 << 20 else { throw BoundError.invalidParameter("pieces \(pieces) must be in 1…2^20") }
        try checkDomain(f, domain)
        var upper = Rational.zero, lower = Rational.zero
        let width = domain.width
        for k in 0..<pieces {
            let lo = domain.lo + (try width * Rational(k) / Rational(pieces))
            let hi = k == pieces - 1 ? domain.hi : domain.lo + (try width * Rational(k + 1) / Rational(pieces))
            let piece = try Interval(lo, hi)
            let d = try f.encloseDerivative(piece, bits: bits)
            upper = Swift.max(upper, d.magnitude)
            let atMidpoint = try f.encloseDerivative(Interval(piece.midpoint), bits: bits)
            lower = Swift.max(lower, atMidpoint.mignitude)
        }
        return LipschitzConstant(upper: upper.roundedToSignificantBits(bits, .up), lower: lower)
    }

    /// The domain restrictions of f and f′, as one-line errors.
    static func checkDomain(_ f: ElementaryFunction, _ domain: Interval) throws {
        switch f {
        case .log, .sqrt, .rsqrt:
            guard domain.lo.sign > 0 else { throw BoundError.domain("\(f.rawValue) needs a domain of x > 0, got \(domain)") }
        case .reciprocal:
            guard !domain.containsZero else { throw BoundError.domain("1/x needs a domain without 0, got \(domain)") }
        case .exp:
            guard domain.hi <= Rational(1 << 20) else { throw BoundError.domain("exp is supported up to x = 2^20, got \(domain)") }
        default:
            break
        }
    }
}
