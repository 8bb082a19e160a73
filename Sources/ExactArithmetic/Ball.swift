import CBall
import CGMP

/// A real ball [m ± r] of Arb's ball arithmetic (theorem BALL-ARB in proofs/enclosures.md):
/// every operation returns a ball that contains the exact result for every point of its operand
/// balls. That is the same contract as `Interval`, at a working precision carried by the value:
/// an operation runs at the larger of its operands' precisions, so that a run started from
/// inputs made at `precision` bits stays at it. Values made exactly (from a Double, or from a
/// dyadic rational) carry precision 0 and take their partner's.
///
/// An exact Double (a weight, say) is kept as the Double itself, with no Arb allocation, until
/// an operation needs it as a ball; a product with a matrix of such points reads the Doubles.
///
/// Balls are what the certified per-input error (B-CERT) evaluates the reference encoder in: at
/// 192 bits a point input's enclosures stay narrow through every layer of MiniLM.
public struct Ball: Sendable, CustomStringConvertible {
    enum Representation: Sendable {
        /// The exact point {x} of a finite Double.
        case point(Double)
        case arb(BallStorage)
    }

    let representation: Representation
    /// The working precision, in bits, of operations on this value (0: exact, none requested).
    public let precision: Int

    /// The precision used when no operand asks for one.
    public static let defaultPrecision = 192

    init(_ representation: Representation, precision: Int) {
        self.representation = representation
        self.precision = precision
    }

    /// The exact ball {x} of a finite Double.
    public init(exactly x: Double) throws {
        guard x.isFinite else { throw ArithmeticError.notFinite("\(x) as a ball") }
        self.init(.point(x), precision: 0)
    }

    /// A ball containing the rational q: exact when q is dyadic, otherwise q rounded at
    /// `precision` bits (or `defaultPrecision` for 0) with the rounding in the radius.
    public init(_ q: Rational, precision: Int) {
        let s = BallStorage()
        sb_ball_set_mpq(s.pointer, UnsafeRawPointer(q.storage.pointer), precision > 0 ? precision : Self.defaultPrecision)
        self.init(.arb(s), precision: precision)
    }

    /// This ball, asking for `bits` bits in the operations that use it.
    public func atPrecision(_ bits: Int) -> Ball { Ball(representation, precision: bits) }

    /// The point's Double, when the ball is kept as one.
    var point: Double? {
        if case .point(let x) = representation { return x }
        return nil
    }

    /// body(the ball as Arb's), alive for the call.
    func withSource<R>(_ body: (UnsafeRawPointer) throws -> R) rethrows -> R {
        let s = arbStorage
        return try withExtendedLifetime(s) { try body(s.source) }
    }

    /// The precision of an operation on a and b.
    static func working(_ a: Ball, _ b: Ball) -> Int {
        let p = Swift.max(a.precision, b.precision)
        return p > 0 ? p : defaultPrecision
    }

    /// A new ball written by `body` (its output pointer), carrying `precision`.
    static func make(_ precision: Int, _ body: (UnsafeMutableRawPointer) -> Void) -> Ball {
        let s = BallStorage()
        body(s.pointer)
        return Ball(.arb(s), precision: precision)
    }

    /// A new ball written by a fallible `body` (non-zero: failure).
    static func make(
        _ precision: Int, _ what: @autoclosure () -> String, _ body: (UnsafeMutableRawPointer) -> Int32
    ) throws -> Ball {
        let s = BallStorage()
        guard body(s.pointer) == 0 else { throw ArithmeticError.notFinite(what()) }
        return Ball(.arb(s), precision: precision)
    }

    /// A Double read off the ball by `f`, or `ofPoint` for a point.
    private func read(_ ofPoint: (Double) -> Double, _ f: (UnsafeRawPointer) -> Double) -> Double {
        if let x = point { return ofPoint(x) }
        return withSource(f)
    }

    public var isFinite: Bool { point != nil || withSource { sb_ball_is_finite($0) != 0 } }
    /// Whether the radius is zero.
    public var isExact: Bool { point != nil || withSource { sb_ball_is_exact($0) != 0 } }
    /// The midpoint, rounded to the nearest Double.
    public var midpoint: Double { read({ $0 }, sb_ball_mid_d) }
    /// A Double ≥ the radius.
    public var radiusBound: Double { read({ _ in 0 }, sb_ball_rad_up) }
    /// A Double ≤ every point of the ball.
    public var lowerBound: Double { read({ $0 }, sb_ball_lo_down) }
    /// A Double ≥ every point of the ball.
    public var upperBound: Double { read({ $0 }, sb_ball_hi_up) }
    /// A Double ≥ |y| for every point y of the ball.
    public var magnitudeUpperBound: Double { read({ abs($0) }, sb_ball_abs_upper) }
    /// A Double ≤ |y| for every point y of the ball (0 when the ball contains 0).
    public var magnitudeLowerBound: Double { read({ abs($0) }, sb_ball_abs_lower) }

    /// The ball's exact ends as an interval, for comparison with the rational engine.
    public var interval: Interval {
        get throws {
            if let x = point { return Interval(try Rational(exactly: x)) }
            let lo = Rational(), hi = Rational()
            guard withSource({ sb_ball_get_ends_mpq($0, lo.storage.pointer, hi.storage.pointer) }) == 0 else {
                throw ArithmeticError.notFinite("a ball that is not finite, as an interval")
            }
            return try Interval(lo, hi)
        }
    }

    public var description: String { "[\(midpoint) ± \(radiusBound)]" }

    /// Arb's version.
    public static var arbVersion: String { String(cString: sb_arb_version()) }
}
