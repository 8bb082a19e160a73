/// A closed interval [lo, hi] with exact Rational endpoints, lo ≤ hi.
///
/// Every operation returns an interval that contains the exact result for every
/// choice of operands in the operand intervals (inclusion), and a smaller operand gives
/// a smaller result (inclusion isotonicity). Operations on rationals are exact; the only
/// widening is the explicit outward simplification `simplified(bits:)`.
public struct Interval: Sendable, Hashable {
    public let lo: Rational
    public let hi: Rational

    /// [lo, hi]; throws when lo > hi.
    public init(_ lo: Rational, _ hi: Rational) throws {
        guard lo <= hi else { throw ArithmeticError.emptyInterval("[\(lo), \(hi)]") }
        self.lo = lo
        self.hi = hi
    }

    /// The point interval [x, x].
    public init(_ point: Rational) {
        lo = point
        hi = point
    }

    /// For callers that have already established lo ≤ hi.
    init(unchecked lo: Rational, _ hi: Rational) {
        self.lo = lo
        self.hi = hi
    }

    public var isPoint: Bool { lo == hi }
    public var width: Rational { hi - lo }
    public var midpoint: Rational { (lo + hi).timesPowerOfTwo(-1) }
    public var radius: Rational { width.timesPowerOfTwo(-1) }
    /// max |x| over the interval.
    public var magnitude: Rational { Swift.max(lo.magnitude, hi.magnitude) }
    /// min |x| over the interval (0 when it contains 0).
    public var mignitude: Rational {
        if lo.sign > 0 { return lo }
        if hi.sign < 0 { return -hi }
        return .zero
    }

    public func contains(_ x: Rational) -> Bool { lo <= x && x <= hi }
    public func contains(_ other: Interval) -> Bool { lo <= other.lo && other.hi <= hi }
    public var containsZero: Bool { lo.sign <= 0 && hi.sign >= 0 }

    /// The smallest interval containing both.
    public func hull(_ other: Interval) -> Interval {
        Interval(unchecked: Swift.min(lo, other.lo), Swift.max(hi, other.hi))
    }

    /// The common part, or nil when they are disjoint.
    public func intersection(_ other: Interval) -> Interval? {
        let l = Swift.max(lo, other.lo), h = Swift.min(hi, other.hi)
        return l <= h ? Interval(unchecked: l, h) : nil
    }

    /// True when the two intervals share a point.
    public func overlaps(_ other: Interval) -> Bool { intersection(other) != nil }

    /// The hull of several intervals (nil for none).
    public static func hull(_ items: [Interval]) -> Interval? {
        guard var result = items.first else { return nil }
        for item in items.dropFirst() { result = result.hull(item) }
        return result
    }
}

extension Interval {
    public static func + (a: Interval, b: Interval) -> Interval {
        Interval(unchecked: a.lo + b.lo, a.hi + b.hi)
    }

    public static func - (a: Interval, b: Interval) -> Interval {
        Interval(unchecked: a.lo - b.hi, a.hi - b.lo)
    }

    public static prefix func - (a: Interval) -> Interval {
        Interval(unchecked: -a.hi, -a.lo)
    }

    public static func * (a: Interval, b: Interval) -> Interval {
        if a.lo.sign >= 0 && b.lo.sign >= 0 { return Interval(unchecked: a.lo * b.lo, a.hi * b.hi) }
        if a.hi.sign <= 0 && b.hi.sign <= 0 { return Interval(unchecked: a.hi * b.hi, a.lo * b.lo) }
        let p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]
        return Interval(unchecked: p.min()!, p.max()!)
    }

    public static func + (a: Interval, b: Rational) -> Interval { Interval(unchecked: a.lo + b, a.hi + b) }
    public static func - (a: Interval, b: Rational) -> Interval { Interval(unchecked: a.lo - b, a.hi - b) }

    /// a·c for a scalar c.
    public static func * (a: Interval, c: Rational) -> Interval {
        c.sign >= 0 ? Interval(unchecked: a.lo * c, a.hi * c) : Interval(unchecked: a.hi * c, a.lo * c)
    }

    /// 1/a; throws when a contains 0.
    public func reciprocal() throws -> Interval {
        guard !containsZero else { throw ArithmeticError.divisionByZero("1 / \(self), which contains 0") }
        return Interval(unchecked: try hi.reciprocal(), try lo.reciprocal())
    }

    /// a / b; throws when b contains 0 rather than returning an unbounded result.
    public static func / (a: Interval, b: Interval) throws -> Interval {
        guard !b.containsZero else { throw ArithmeticError.divisionByZero("\(a) / \(b), which contains 0") }
        return a * (try b.reciprocal())
    }

    /// x^n for an integer n, tight: an even power of an interval that straddles 0 is
    /// [0, max(lo^n, hi^n)]. A negative n throws when the interval contains 0.
    public func power(_ n: Int) throws -> Interval {
        if n == 0 { return Interval(.one) }
        if n < 0 { return try power(-n).reciprocal() }
        let a = try lo.power(n), b = try hi.power(n)
        if n % 2 == 1 { return Interval(unchecked: a, b) }
        if lo.sign >= 0 { return Interval(unchecked: a, b) }
        if hi.sign <= 0 { return Interval(unchecked: b, a) }
        return Interval(unchecked: .zero, Swift.max(a, b))
    }

    /// x² (tight).
    public var squared: Interval {
        // power(2) never throws for n > 0 below the size limit of Rational.power.
        let a = lo * lo, b = hi * hi
        if lo.sign >= 0 { return Interval(unchecked: a, b) }
        if hi.sign <= 0 { return Interval(unchecked: b, a) }
        return Interval(unchecked: .zero, Swift.max(a, b))
    }

    /// Outward simplification: lo rounded down and hi rounded up to at most `bits`
    /// significant bits (dyadic endpoints). The result contains self. Theorem ENC-SIMP.
    public func simplified(bits: Int) throws -> Interval {
        guard bits >= 1 else { throw ArithmeticError.invalidPrecision(bits) }
        return rounded(bits)
    }

    /// `simplified(bits:)` for internal callers that pass a valid precision.
    func rounded(_ bits: Int) -> Interval {
        Interval(
            unchecked: lo.roundedToSignificantBits(bits, .down),
            hi.roundedToSignificantBits(bits, .up))
    }
}

extension Interval: CustomStringConvertible {
    public var description: String { "[\(lo), \(hi)]" }

    /// Parses "[a,b]" (each endpoint as `Rational(parsing:)` reads it) or a single number.
    public init(parsing text: String) throws {
        let t = text.trimmingWhitespace()
        guard t.first == "[" else {
            self.init(try Rational(parsing: t))
            return
        }
        guard t.last == "]" else {
            throw ArithmeticError.malformedNumber(text, reason: "an interval is written [a,b]")
        }
        let inner = t.dropFirst().dropLast()
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw ArithmeticError.malformedNumber(text, reason: "an interval has two endpoints, [a,b]")
        }
        try self.init(try Rational(parsing: String(parts[0])), try Rational(parsing: String(parts[1])))
    }
}
