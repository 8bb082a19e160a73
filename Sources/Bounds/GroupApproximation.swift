import ExactArithmetic
import SpikingOperators

/// A certified enclosure of sup|g − f| over a domain: the true supremum lies in
/// [lower, upper]. `witness` is a point where |g − f| ≥ lower.
public struct CertifiedSup: Sendable, Equatable {
    public let lower: Rational
    public let upper: Rational
    public let witness: Rational
    /// How many pieces the domain was cut into.
    public let pieces: Int
}

/// The approximation error of a group operator (ANN mode) against the function it stands for,
/// certified by interval analysis with adaptive subdivision. Theorem B-GA.
public enum GroupApproximation {
    /// sup over [a, b] of |g(x) − f(x)|. The domain is cut at g's breakpoints (where a unit's
    /// W₁x + b₁ changes sign), so g is affine on every piece. On a piece P with midpoint c and
    /// radius r, every e(x) = g(x) − f(x) lies in both
    ///   e(c) + (slope of g − f′(P))·[−r, r]   (mean value form), and
    ///   g(P) − f(P)                            (the ranges),
    /// so the magnitude of their intersection bounds |e| on P; |e(c)| bounds the supremum
    /// from below. The piece with the largest upper bound is halved until the upper bound is
    /// within `relativeTolerance` of the lower one (or `maxPieces` is reached; the result is
    /// still certified, only wider).
    public static func supError(
        _ g: GroupOperator, _ f: ElementaryFunction, over domain: Interval,
        relativeTolerance: Rational = .fraction(1, 100), absoluteTolerance: Rational = .powerOfTwo(-40),
        maxPieces: Int = 4096, bits: Int = 64
    ) throws -> CertifiedSup {
        guard maxPieces >= 1 else { throw BoundError.invalidParameter("maxPieces must be ≥ 1") }
        try Lipschitz.checkDomain(f, domain)
        let values = GroupOperatorValues<Rational>(g)
        var cuts = [domain.lo]
        var breakpoints = [Rational]()
        for i in 0..<g.hiddenUnits where !g.w1[i].isZero {
            let x = -(try g.b1[i] / g.w1[i])
            if x > domain.lo && x < domain.hi { breakpoints.append(x) }
        }
        cuts += Array(Set(breakpoints)).sorted()
        cuts.append(domain.hi)
        var pieces = [Piece]()
        for j in 0..<(cuts.count - 1) {
            pieces.append(try Piece(try Interval(cuts[j], cuts[j + 1]), g, values, f, bits))
        }
        var lower = Rational.zero, witness = domain.lo
        for piece in pieces where piece.lower > lower { lower = piece.lower; witness = piece.centre }
        while pieces.count < maxPieces {
            guard let worst = pieces.indices.max(by: { pieces[$0].upperApproximation < pieces[$1].upperApproximation }) else { break }
            let upper = pieces[worst].upper
            if upper <= lower + lower * relativeTolerance + absoluteTolerance { break }
            let piece = pieces.remove(at: worst)
            guard !piece.domain.isPoint else { pieces.append(piece); break }
            let c = piece.domain.midpoint
            for half in [try Interval(piece.domain.lo, c), try Interval(c, piece.domain.hi)] {
                let p = try Piece(half, g, values, f, bits)
                if p.lower > lower { lower = p.lower; witness = p.centre }
                pieces.append(p)
            }
        }
        let upper = pieces.map(\.upper).max() ?? .zero
        return CertifiedSup(lower: lower, upper: Swift.max(upper, lower), witness: witness, pieces: pieces.count)
    }

    /// One piece on which g is affine.
    struct Piece {
        let domain: Interval
        let centre: Rational
        let lower: Rational
        let upper: Rational
        let upperApproximation: Double

        init(_ domain: Interval, _ g: GroupOperator, _ values: GroupOperatorValues<Rational>, _ f: ElementaryFunction, _ bits: Int) throws {
            self.domain = domain
            let c = domain.midpoint
            centre = c
            // The slope of g on the piece: the units active at its midpoint (none changes sign inside).
            var slope = Rational.zero
            for i in 0..<g.hiddenUnits where (g.w1[i] * c + g.b1[i]).sign > 0 { slope += g.w2[i] * g.w1[i] }
            let gc = try values(c)
            let errorAtCentre = Interval(gc) - (try f.enclose(Interval(c), bits: bits))
            let r = domain.radius
            let meanValue = errorAtCentre + (Interval(slope) - (try f.encloseDerivative(domain, bits: bits))) * (try Interval(-r, r))
            let gLo = try values(domain.lo), gHi = try values(domain.hi)
            let ranges = (try Interval(Swift.min(gLo, gHi), Swift.max(gLo, gHi))) - (try f.enclose(domain, bits: bits))
            let error = meanValue.intersection(ranges) ?? meanValue
            lower = errorAtCentre.mignitude
            upper = error.magnitude.roundedToSignificantBits(bits, .up)
            upperApproximation = upper.doubleValue()
        }
    }
}
