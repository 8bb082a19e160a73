import ExactArithmetic
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Double: SpikeScalar {
    public init(_ value: Rational) {
        self = value.doubleValue()
    }

    public func divided(by n: Int) -> Double { self / Double(n) }

    public func divided(byValue other: Double) throws -> Double {
        guard other != 0 else { throw OperatorError.arithmetic("division by zero") }
        return self / other
    }

    public func order(_ other: Double) -> Order? {
        self < other ? .less : (self > other ? .greater : .equal)
    }

    public func floorDivided(by unit: Double) -> Int? {
        let q = (self / unit).rounded(.down)
        return q.isFinite && q.magnitude < 9e15 ? Int(q) : nil
    }

    /// Double's own quotient, clamped: a quotient past the limit (finite or +∞) is the limit.
    public func floorDivided(by unit: Double, atMost limit: Int) -> Int? {
        let q = (self / unit).rounded(.down)
        if q >= Double(limit) { return limit }
        return q.isFinite && q.magnitude < 9e15 ? Int(q) : nil
    }

    public func applying(_ f: ScalarFunction, _ context: NumericContext) throws -> Double {
        switch f {
        case .identity: return self
        case .gelu: return 0.5 * self * (1 + erf(self / 2.0.squareRoot()))
        case .geluTanh:
            let c = (2 / Double.pi).squareRoot()
            return 0.5 * self * (1 + tanh(c * (self + 0.044715 * self * self * self)))
        case .quickGelu: return self / (1 + libmExp(-1.702 * self))
        case .exp: return libmExp(self)
        case .reciprocal:
            guard self != 0 else { throw OperatorError.arithmetic("1/x at x = 0") }
            return 1 / self
        case .rsqrt:
            guard self > 0 else { throw OperatorError.arithmetic("1/sqrt(x) at x = \(self) ≤ 0") }
            return 1 / self.squareRoot()
        }
    }

    public var approximation: Double { self }
    public var magnitudeBound: Double { magnitude }

    public static func softmax(_ row: [Double], _ context: NumericContext) throws -> [Double] {
        guard let top = row.max() else { return [] }
        let e = row.map { libmExp($0 - top) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }

    public static func layerNorm(
        _ row: [Double], _ parameters: LayerNormParameters<Double>, _ context: NumericContext
    ) throws -> [Double] {
        let n = Double(row.count)
        let mean = row.reduce(0, +) / n
        let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let denominator = (variance + parameters.epsilonValue).squareRoot()
        guard denominator.isFinite else {
            throw OperatorError.arithmetic("LayerNorm of a row holding NaN or infinity: the values before it overflowed double precision")
        }
        guard denominator > 0 else { throw OperatorError.arithmetic("LayerNorm of a constant row with epsilon 0") }
        let gamma = parameters.gammaValues, beta = parameters.betaValues
        return row.indices.map { (row[$0] - mean) / denominator * gamma[$0] + beta[$0] }
    }
}

@inline(__always) func libmExp(_ x: Double) -> Double { exp(x) }
