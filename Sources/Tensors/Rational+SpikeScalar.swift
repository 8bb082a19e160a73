import ExactArithmetic

extension Rational: SpikeScalar {
    public init(_ value: Rational) {
        self = value
    }

    public func divided(by n: Int) -> Rational {
        // n ≥ 1 by contract; 1/n is exact.
        self * ((try? Rational(numerator: 1, denominator: Swift.max(n, 1))) ?? .one)
    }

    public func divided(byValue other: Rational) throws -> Rational {
        do { return try self / other } catch { throw OperatorError.arithmetic("\(error)") }
    }

    public func order(_ other: Rational) -> Order? {
        self < other ? .less : (self > other ? .greater : .equal)
    }

    public func floorDivided(by unit: Rational) -> Int? {
        guard let q = try? (self / unit).floor, let n = Int(q.description) else { return nil }
        return n
    }

    /// Only the rational functions are exact; transcendental ones need Interval arithmetic.
    public func applying(_ f: ScalarFunction, _ context: NumericContext) throws -> Rational {
        switch f {
        case .identity: return self
        case .reciprocal:
            do { return try reciprocal() } catch { throw OperatorError.arithmetic("1/x at x = 0") }
        default:
            throw OperatorError.notRepresentable("\(f.rawValue) of a rational; use interval arithmetic")
        }
    }

    public var approximation: Double { doubleValue() }
    public var magnitudeBound: Double { magnitude.doubleValue(rounding: .up) }

    public static func softmax(_ row: [Rational], _ context: NumericContext) throws -> [Rational] {
        guard row.count > 1 else { return row.map { _ in .one } }
        throw OperatorError.notRepresentable("softmax of rationals; use interval arithmetic")
    }

    public static func layerNorm(
        _ row: [Rational], _ parameters: LayerNormParameters<Rational>, _ context: NumericContext
    ) throws -> [Rational] {
        throw OperatorError.notRepresentable("LayerNorm of rationals (a square root); use interval arithmetic")
    }
}
