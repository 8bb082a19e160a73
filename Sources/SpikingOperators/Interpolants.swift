import ExactArithmetic
import Tensors

/// Group operators built without training: the piecewise-linear interpolant of f on equally
/// spaced knots (theorem GO-1).
public enum Interpolants {
    /// The knot values are f at the knots, rounded to the output grid at `bits` bits (exact for
    /// identity and 1/x); `valueError` bounds |value − f(knot)| (0 when exact).
    public static func knotValues(_ f: ScalarFunction, _ knots: [Rational], bits: Int = 64) throws -> (values: [Rational], valueError: Rational) {
        let context = NumericContext(bits: bits)
        var values = [Rational]()
        var error = Rational.zero
        for k in knots {
            let y = try Interval(k).applying(f, context)
            values.append(y.midpoint)
            error = Swift.max(error, y.radius)
        }
        return (values, error)
    }

    /// The interpolant of f on `intervals` equal knot intervals over [a, b].
    public static func construct(_ f: ScalarFunction, domain a: Rational, _ b: Rational, intervals: Int, bits: Int = 64) throws -> GroupOperator {
        let knots = try GroupOperator.uniformKnots(a, b, intervals: intervals)
        let (values, _) = try knotValues(f, knots, bits: bits)
        return try GroupOperator.interpolant(knots: knots, values: values, name: "\(f.rawValue) interpolant on [\(a), \(b)], \(intervals) intervals")
    }
}
