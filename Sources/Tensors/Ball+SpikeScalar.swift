import ExactArithmetic

/// Balls as a scalar (BALL-ARB): the reference encoder runs on them unchanged. Each operation
/// encloses the exact result; functions run at the larger of the ball's precision and the
/// context's `bits`.
extension Ball: SpikeScalar {
    public init(_ value: Rational) { self.init(value, precision: 0) }

    public static func exactly(_ x: Double) throws -> Ball {
        do { return try Ball(exactly: x) } catch { throw OperatorError.arithmetic("\(error)") }
    }

    public func divided(byValue other: Ball) throws -> Ball {
        do { return try self / other } catch { throw OperatorError.arithmetic("\(error)") }
    }

    /// Decided only when the balls are disjoint, or both are the same exact point.
    public func order(_ other: Ball) -> Order? {
        switch compare(other) {
        case -1: return .less
        case 1: return .greater
        case 0: return .equal
        default: return nil
        }
    }

    public func applying(_ f: ScalarFunction, _ context: NumericContext) throws -> Ball {
        let x = precision >= context.bits ? self : atPrecision(context.bits)
        do {
            switch f {
            case .identity: return self
            case .gelu: return try x.gelu(.erf)
            case .geluTanh: return try x.gelu(.tanh)
            case .quickGelu: return try x.gelu(.quick)
            case .exp: return try x.exp()
            case .reciprocal: return try x.reciprocal()
            case .rsqrt: return try x.rsqrt()
            }
        } catch let error as ArithmeticError {
            throw OperatorError.arithmetic("\(f.rawValue): \(error)")
        }
    }

    public var approximation: Double { midpoint }
    public var magnitudeBound: Double { magnitudeUpperBound }

    /// exp(x_i − s) / Σ_j exp(x_j − s), s the largest midpoint (an exact shift, so the value is
    /// softmax's own).
    public static func softmax(_ row: [Ball], _ context: NumericContext) throws -> [Ball] {
        guard let top = row.map(\.midpoint).max(), top.isFinite else { throw OperatorError.arithmetic("softmax of a row that is empty or not finite") }
        let shift = try Ball.exactly(top)
        let e = try row.map { try ($0 - shift).applying(.exp, context) }
        let sum = e.dropFirst().reduce(e[0], +)
        return try e.map { try $0.divided(byValue: sum) }
    }

    /// γ·(x − μ)/√(σ² + ε) + β, each step a ball operation.
    public static func layerNorm(_ row: [Ball], _ parameters: LayerNormParameters<Ball>, _ context: NumericContext) throws -> [Ball] {
        guard !row.isEmpty, parameters.gammaValues.count == row.count, parameters.betaValues.count == row.count else {
            throw OperatorError.shapeMismatch("LayerNorm of \(row.count) values with \(parameters.gammaValues.count) weights")
        }
        let n = row.count
        let mean = row.dropFirst().reduce(row[0], +).divided(by: n)
        let centred = row.map { $0 - mean }
        let variance = centred.dropFirst().reduce(centred[0] * centred[0]) { $0 + $1 * $1 }.divided(by: n)
        let scale = try (variance + parameters.epsilonValue).applying(.rsqrt, context)
        return centred.indices.map { parameters.gammaValues[$0] * (centred[$0] * scale) + parameters.betaValues[$0] }
    }
}
