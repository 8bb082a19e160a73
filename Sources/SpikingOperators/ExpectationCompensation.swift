import ExactArithmetic
import Tensors

/// ECMT's expectation compensation around f (spec §2):
/// o_1 = f(m_1), o_t = t·f(m_t) − (t−1)·f(m_{t−1}), with m_t the running mean of the inputs.
/// f(m_{t−1}) is cached, so f is evaluated once per step. Identity EC-1: Σ_{i≤t} o_i = t·f(m_t).
public struct ExpectationCompensation<Scalar: SpikeScalar>: Sendable {
    public let function: CompensatedFunction
    public let context: NumericContext
    /// S_t, the running sum of the inputs.
    public private(set) var runningSum: Tensor<Scalar>?
    /// f(m_t) of the last step (the cache).
    public private(set) var lastValue: Tensor<Scalar>?
    public private(set) var steps = 0

    /// LayerNorm's γ, β, ε in this arithmetic, converted once (f is a LayerNorm).
    let layerNorm: LayerNormParameters<Scalar>?

    public init(_ function: CompensatedFunction, context: NumericContext = NumericContext()) {
        self.function = function
        self.context = context
        if case .layerNorm(let gamma, let beta, let epsilon) = function {
            layerNorm = LayerNormParameters(gamma: gamma, beta: beta, epsilon: epsilon)
        } else {
            layerNorm = nil
        }
    }

    public mutating func step(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let function = self.function, context = self.context, layerNorm = self.layerNorm
        return try step(input) { try function.apply($0, context, layerNorm: layerNorm) }
    }

    /// One step with f given as a tensor function (for example a masked softmax, or an
    /// approximation of f built from group operators). The same f must be used at every step
    /// for EC-1 to hold.
    public mutating func step(
        _ input: Tensor<Scalar>, applying f: (Tensor<Scalar>) throws -> Tensor<Scalar>
    ) throws -> Tensor<Scalar> {
        if let runningSum, runningSum.shape != input.shape {
            throw OperatorError.shapeMismatch("step \(steps + 1) has shape \(input.shape), the first had \(runningSum.shape)")
        }
        let sum = try runningSum.map { try $0 + input } ?? input
        let t = steps + 1
        let value = try f(sum.divided(by: t))
        guard value.shape == input.shape else {
            throw OperatorError.shapeMismatch("the compensated function returned \(value.shape) for \(input.shape)")
        }
        let output: Tensor<Scalar>
        if let previous = lastValue {
            output = try value.scaledDifference(Scalar(Rational(t)), previous, Scalar(Rational(t - 1)))
        } else {
            output = value
        }
        runningSum = sum
        lastValue = value
        steps = t
        return output
    }
}
