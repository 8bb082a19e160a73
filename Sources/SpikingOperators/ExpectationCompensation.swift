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

    public init(_ function: CompensatedFunction, context: NumericContext = NumericContext()) {
        self.function = function
        self.context = context
    }

    public mutating func step(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let function = self.function, context = self.context
        return try step(input) { try function.apply($0, context) }
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
            let now = Scalar(Rational(t)), before = Scalar(Rational(t - 1))
            output = try value.map { $0 * now } - previous.map { $0 * before }
        } else {
            output = value
        }
        runningSum = sum
        lastValue = value
        steps = t
        return output
    }
}
