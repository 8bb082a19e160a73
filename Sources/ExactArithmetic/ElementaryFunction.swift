/// The scalar functions that have certified enclosures, by the names the command uses.
public enum ElementaryFunction: String, Sendable, CaseIterable {
    case exp, log, sqrt, rsqrt, reciprocal, erf, tanh, sigmoid
    case gelu
    case geluTanh = "gelu-tanh"
    case quickGelu = "quickgelu"

    /// A one-line description for help texts.
    public var summary: String {
        switch self {
        case .exp: return "e^x (x ≤ 2^20)"
        case .log: return "natural logarithm (x > 0)"
        case .sqrt: return "square root (x ≥ 0)"
        case .rsqrt: return "1/√x (x > 0)"
        case .reciprocal: return "1/x (0 not in X)"
        case .erf: return "error function"
        case .tanh: return "hyperbolic tangent"
        case .sigmoid: return "logistic sigmoid 1/(1+e^−x)"
        case .gelu: return "GELU, erf form x·Φ(x)"
        case .geluTanh: return "GELU, tanh approximation"
        case .quickGelu: return "QuickGELU x·σ(1.702x)"
        }
    }

    /// The certified enclosure of this function over x at `bits` bits.
    public func enclose(_ x: Interval, bits: Int) throws -> Interval {
        switch self {
        case .exp: return try Enclosure.exp(x, bits: bits)
        case .log: return try Enclosure.log(x, bits: bits)
        case .sqrt: return try Enclosure.sqrt(x, bits: bits)
        case .rsqrt: return try Enclosure.rsqrt(x, bits: bits)
        case .reciprocal: return try Enclosure.reciprocal(x, bits: bits)
        case .erf: return try Enclosure.erf(x, bits: bits)
        case .tanh: return try Enclosure.tanh(x, bits: bits)
        case .sigmoid: return try Enclosure.sigmoid(x, bits: bits)
        case .gelu: return try Enclosure.gelu(x, form: .erf, bits: bits)
        case .geluTanh: return try Enclosure.gelu(x, form: .tanh, bits: bits)
        case .quickGelu: return try Enclosure.gelu(x, form: .quick, bits: bits)
        }
    }
}
