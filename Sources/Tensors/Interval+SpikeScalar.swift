import ExactArithmetic

extension Interval: SpikeScalar {
    public static var zero: Interval { Interval(Rational.zero) }

    public func divided(by n: Int) -> Interval {
        self * ((try? Rational(numerator: 1, denominator: Swift.max(n, 1))) ?? .one)
    }

    public func divided(byValue other: Interval) throws -> Interval {
        do { return try self / other } catch { throw OperatorError.arithmetic("\(error)") }
    }

    /// Decided only when the enclosures are disjoint, or both are the same point.
    public func order(_ other: Interval) -> Order? {
        if hi < other.lo { return .less }
        if lo > other.hi { return .greater }
        if isPoint && other.isPoint && lo == other.lo { return .equal }
        return nil
    }

    public func floorDivided(by unit: Interval) -> Int? {
        guard let q = try? self / unit else { return nil }
        let a = q.lo.floor, b = q.hi.floor
        guard a == b, let n = Int(a.description) else { return nil }
        return n
    }

    public func applying(_ f: ScalarFunction, _ context: NumericContext) throws -> Interval {
        do {
            switch f {
            case .identity: return self
            case .gelu: return try gelu(.erf, context)
            case .geluTanh: return try gelu(.tanh, context)
            case .quickGelu: return try gelu(.quick, context)
            case .exp: return try Enclosure.exp(self, bits: context.bits)
            case .reciprocal: return try Enclosure.reciprocal(self, bits: context.bits)
            case .rsqrt: return try Enclosure.rsqrt(self, bits: context.bits)
            }
        } catch let error as ArithmeticError {
            throw OperatorError.arithmetic("\(f.rawValue): \(error)")
        }
    }

    private func gelu(_ form: GELUForm, _ context: NumericContext) throws -> Interval {
        context.tabulatedBoxes
            ? try Enclosure.tabulatedGELU(self, form: form, bits: context.bits)
            : try Enclosure.gelu(self, form: form, bits: context.bits)
    }

    public var approximation: Double { midpoint.doubleValue() }
    public var magnitudeBound: Double { magnitude.doubleValue(rounding: .up) }

    public func outwardSimplified(bits: Int) -> Interval { (try? simplified(bits: bits)) ?? self }

    public static func softmax(_ row: [Interval], _ context: NumericContext) throws -> [Interval] {
        do { return try Enclosure.softmax(row, bits: context.bits) } catch {
            throw OperatorError.arithmetic("softmax: \(error)")
        }
    }

    public static func layerNorm(
        _ row: [Interval], _ parameters: LayerNormParameters<Interval>, _ context: NumericContext
    ) throws -> [Interval] {
        do {
            return try Enclosure.layerNorm(
                row, gamma: parameters.gamma, beta: parameters.beta, epsilon: parameters.epsilon, bits: context.bits)
        } catch {
            throw OperatorError.arithmetic("LayerNorm: \(error)")
        }
    }
}
