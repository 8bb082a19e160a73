import ExactArithmetic

/// The result of comparing two values whose order may not be decidable yet (intervals).
public enum Order: Sendable, Equatable {
    case less, equal, greater
}

/// The element-wise functions an operator may apply.
public enum ScalarFunction: String, Sendable, CaseIterable {
    case identity
    case gelu
    case geluTanh = "gelu-tanh"
    case quickGelu = "quickgelu"
    case exp
    case reciprocal
    case rsqrt
}

/// What every operator is written against, once: Double for speed, Rational for exact
/// identities, Interval where transcendental functions enter, Ball (Arb) for certified runs of
/// whole encoders at high precision.
///
/// Arithmetic +, −, × and division by a positive integer are exact for Rational and Interval
/// (inclusion for Interval and Ball) and rounded to nearest for Double. Comparisons may be
/// undecided (nil) only for Interval and Ball, when the two enclosures overlap.
public protocol SpikeScalar: Sendable, CustomStringConvertible {
    static var zero: Self { get }
    /// The value of a rational in this arithmetic: exact for Rational and Interval, the
    /// nearest Double for Double.
    init(_ value: Rational)

    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self

    /// self / n for an integer n ≥ 1.
    func divided(by n: Int) -> Self

    /// self / other; throws when other is (or may be) zero.
    func divided(byValue other: Self) throws -> Self

    /// The order of self and other, or nil when it cannot be decided.
    func order(_ other: Self) -> Order?

    /// ⌊self / unit⌋ for unit > 0, or nil when it cannot be decided.
    func floorDivided(by unit: Self) -> Int?

    /// min(⌊self / unit⌋, limit) for self ≥ 0, unit > 0 and limit ≥ 0 (a burst count clamped
    /// at β), or nil when it cannot be decided. A quotient known to reach `limit` is decided
    /// even where its floor is not (or does not fit an Int): the clamp makes it `limit`.
    func floorDivided(by unit: Self, atMost limit: Int) -> Int?

    /// f(self) at the context's precision. Throws where the arithmetic cannot represent
    /// f(self) (a transcendental function of a Rational) or outside f's domain.
    func applying(_ f: ScalarFunction, _ context: NumericContext) throws -> Self

    /// softmax of one row at the context's precision.
    static func softmax(_ row: [Self], _ context: NumericContext) throws -> [Self]

    /// LayerNorm of one row: γ·(x − μ)/√(σ² + ε) + β with the biased variance. γ, β and ε are
    /// exact rationals given in both forms (`Self(…)` of each), so that a row costs no conversion.
    static func layerNorm(_ row: [Self], _ parameters: LayerNormParameters<Self>, _ context: NumericContext) throws -> [Self]

    /// A Double near the value (the midpoint of an interval), for reports.
    var approximation: Double { get }

    /// A Double ≥ |value| for every value the scalar stands for: |x| for a Double, |x| rounded
    /// up for a Rational, the larger end's magnitude rounded up for an Interval (so a
    /// certified bound there).
    var magnitudeBound: Double { get }

    /// The value with its representation bounded to about `bits` significant bits: an
    /// interval's endpoints rounded outward (it still contains the true value, ENC-SIMP);
    /// Double and Rational values are returned unchanged, so exact runs stay exact.
    func outwardSimplified(bits: Int) -> Self

    /// The exact value of a finite Double in this arithmetic (the nearest Double for Double
    /// itself, which is the Double). Throws for NaN and ±∞.
    static func exactly(_ x: Double) throws -> Self
}

extension SpikeScalar {
    public func outwardSimplified(bits: Int) -> Self { self }

    public static func exactly(_ x: Double) throws -> Self { Self(try Rational(exactly: x)) }
}

/// LayerNorm's γ, β and ε as exact rationals and in the arithmetic of a run.
public struct LayerNormParameters<Scalar: SpikeScalar>: Sendable {
    public let gamma: [Rational]
    public let beta: [Rational]
    public let epsilon: Rational
    public let gammaValues: [Scalar]
    public let betaValues: [Scalar]
    public let epsilonValue: Scalar

    public init(gamma: [Rational], beta: [Rational], epsilon: Rational) {
        self.gamma = gamma
        self.beta = beta
        self.epsilon = epsilon
        gammaValues = gamma.map { Scalar($0) }
        betaValues = beta.map { Scalar($0) }
        epsilonValue = Scalar(epsilon)
    }
}

/// Settings that numeric operations need beyond their operands.
public struct NumericContext: Sendable {
    /// Output precision, in bits, of certified enclosures (Interval arithmetic).
    public var bits: Int
    /// Enclose GELU over boxes from a precomputed table (theorem ENC-GELU-TAB): sound, about 2^−16
    /// wider per endpoint, and much faster. For the a priori analysis, whose injected boxes are
    /// wide anyway. Points, and boxes narrower than 2^−10 that meet [−L, L], keep the tight path.
    public var tabulatedBoxes: Bool

    public init(bits: Int = 64, tabulatedBoxes: Bool = false) {
        self.bits = bits
        self.tabulatedBoxes = tabulatedBoxes
    }
}

/// Thrown by operators; each names what went wrong.
public enum OperatorError: Error, Equatable, Sendable, CustomStringConvertible {
    case undecided(String)
    case shapeMismatch(String)
    case invalidParameter(String)
    case notRepresentable(String)
    case arithmetic(String)

    public var description: String {
        switch self {
        case .undecided(let what): return "undecided: \(what)"
        case .shapeMismatch(let what): return "shape mismatch: \(what)"
        case .invalidParameter(let what): return "invalid parameter: \(what)"
        case .notRepresentable(let what): return "not representable in this arithmetic: \(what)"
        case .arithmetic(let what): return what
        }
    }
}

extension SpikeScalar {
    public func floorDivided(by unit: Self, atMost limit: Int) -> Int? {
        if let n = floorDivided(by: unit) { return Swift.min(n, limit) }
        // Undecided or beyond Int: the clamp decides it when self ≥ limit·unit for certain.
        switch order(unit * Self(Rational(limit))) {
        case .greater?, .equal?: return limit
        default: return nil
        }
    }
}
