import ExactArithmetic
import Tensors

/// The functions expectation compensation can wrap (spec §2): element-wise ones, and the
/// row-wise softmax and LayerNorm over the last axis.
public enum CompensatedFunction: Sendable, Equatable {
    case elementwise(ScalarFunction)
    case softmax
    case layerNorm(gamma: [Rational], beta: [Rational], epsilon: Rational)

    /// f applied to a tensor.
    public func apply<Scalar: SpikeScalar>(_ x: Tensor<Scalar>, _ context: NumericContext) throws -> Tensor<Scalar> {
        try apply(x, context, layerNorm: nil)
    }

    /// `apply`, with a LayerNorm's parameters already converted to the arithmetic (`converted`,
    /// made from this case's γ, β, ε), to save converting them on every call.
    func apply<Scalar: SpikeScalar>(
        _ x: Tensor<Scalar>, _ context: NumericContext, layerNorm converted: LayerNormParameters<Scalar>?
    ) throws -> Tensor<Scalar> {
        switch self {
        case .elementwise(let f):
            return try x.map { try $0.applying(f, context) }
        case .softmax:
            return try x.mapRows { try Scalar.softmax(Array($0), context) }
        case .layerNorm(let gamma, let beta, let epsilon):
            guard gamma.count == x.rowLength, beta.count == x.rowLength else {
                throw OperatorError.shapeMismatch(
                    "LayerNorm over rows of \(x.rowLength) with \(gamma.count) gamma and \(beta.count) beta values")
            }
            let parameters = converted ?? LayerNormParameters<Scalar>(gamma: gamma, beta: beta, epsilon: epsilon)
            return try x.mapRows { try Scalar.layerNorm(Array($0), parameters, context) }
        }
    }

    /// Whether f is a rational function (exact in Rational arithmetic).
    public var isRational: Bool {
        if case .elementwise(let f) = self { return f == .identity || f == .reciprocal }
        return false
    }
}
