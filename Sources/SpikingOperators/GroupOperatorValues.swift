import ExactArithmetic
import Tensors

/// A group operator's weights converted once to the arithmetic of a run, so that evaluating it
/// on many inputs converts nothing (ANN mode: ReLU units, spec §4).
public struct GroupOperatorValues<Scalar: SpikeScalar>: Sendable {
    public let group: GroupOperator
    public let w1: [Scalar]
    public let b1: [Scalar]
    public let w2: [Scalar]
    public let b2: Scalar

    public init(_ group: GroupOperator) {
        self.init(group, converting: { Scalar($0) })
    }

    /// The weights converted by `convert` (for balls: at a run's precision, so that a
    /// non-dyadic weight's rounding shrinks as the precision grows).
    public init(_ group: GroupOperator, converting convert: (Rational) -> Scalar) {
        self.group = group
        w1 = group.w1.map(convert)
        b1 = group.b1.map(convert)
        w2 = group.w2.map(convert)
        b2 = convert(group.b2)
    }

    /// g(x) = b₂ + Σ_i W₂[i]·ReLU(W₁[i]·x + b₁[i]); a unit whose sign interval arithmetic cannot
    /// decide throws `undecided`.
    @_specialize(exported: true, where Scalar == Double)
    public func callAsFunction(_ x: Scalar) throws -> Scalar {
        var y = b2
        for i in w1.indices {
            let z = w1[i] * x + b1[i]
            if try decided(z.order(.zero), "ReLU of unit \(i) in \(group.name)") == .greater { y = y + w2[i] * z }
        }
        return y
    }
}
