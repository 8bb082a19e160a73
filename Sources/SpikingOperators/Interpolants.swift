import ExactArithmetic
import Foundation
import Tensors

/// Group operators built without training: the piecewise-linear interpolant of f on equally
/// spaced knots (theorem GO-1).
public enum Interpolants {
    /// The knot values: the midpoints of certified enclosures of f at the knots, at `bits` bits
    /// (exact for the identity; 1/x is rounded to the output grid too). `valueError` bounds
    /// |value − f(knot)| over all knots (0 when every value is exact).
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

    /// The interpolant of f on the given knots (any increasing sequence; GO-1 holds on each
    /// knot interval with its own width).
    public static func construct(
        _ f: ScalarFunction, knots: [Rational], bits: Int = 64, name: String, flatBeyondLastKnot: Bool = false
    ) throws -> GroupOperator {
        let (values, _) = try knotValues(f, knots, bits: bits)
        return try GroupOperator.interpolant(knots: knots, values: values, name: name, flatBeyondLastKnot: flatBeyondLastKnot)
    }

    /// K + 1 knots over [a, b] (0 < a < b) in geometric progression, each rounded to a float32
    /// (a and b exactly): for functions like 1/x and 1/√x whose curvature falls with x, so that
    /// h²·|f''| is about even across the intervals.
    public static func geometricKnots(_ a: Rational, _ b: Rational, intervals: Int) throws -> [Rational] {
        guard intervals >= 1, a.sign > 0, a < b else {
            throw OperatorError.invalidParameter("geometric knots need 0 < a < b and at least one interval")
        }
        let lo = a.doubleValue(), ratio = b.doubleValue() / lo
        var knots = [a]
        for j in 1..<intervals {
            let x = try Rational(exactly: Float(lo * pow(ratio, Double(j) / Double(intervals))))
            if x > knots[knots.count - 1] && x < b { knots.append(x) }
        }
        knots.append(b)
        return knots
    }

    /// The interpolant of f on `intervals` equal knot intervals over [a, b]. Its knot values are
    /// those of `knotValues`, whose `valueError` adds to the GO-1 bound.
    public static func construct(_ f: ScalarFunction, domain a: Rational, _ b: Rational, intervals: Int, bits: Int = 64) throws -> GroupOperator {
        let knots = try GroupOperator.uniformKnots(a, b, intervals: intervals)
        let (values, _) = try knotValues(f, knots, bits: bits)
        return try GroupOperator.interpolant(knots: knots, values: values, name: "\(f.rawValue) interpolant on [\(a), \(b)], \(intervals) intervals")
    }
}
