import ExactArithmetic
import Tensors

/// A tensor of the exact ANN's values at one input, as `Double` bounds read from its balls
/// (BALL-ARB): lo ≤ value ≤ hi and |value| ≤ magnitude entry by entry. The centre of the
/// centred forms (B-CF): every deviation is measured from these exact values.
struct Centre: Sendable {
    let shape: [Int]
    let lo: [Double]
    let hi: [Double]
    let magnitude: [Double]
    /// Entries that are exactly the point 0 (a ball of radius 0 at 0).
    let isZero: [Bool]

    init(shape: [Int], lo: [Double], hi: [Double], magnitude: [Double], isZero: [Bool]) {
        self.shape = shape
        self.lo = lo
        self.hi = hi
        self.magnitude = magnitude
        self.isZero = isZero
    }

    init(_ t: Tensor<Ball>) throws {
        shape = t.shape
        let lo = t.values.map(\.lowerBound), hi = t.values.map(\.upperBound)
        self.lo = lo
        self.hi = hi
        magnitude = t.values.map(\.magnitudeUpperBound)
        // Both ends read outward, so 0 at both means the exact point 0.
        isZero = zip(lo, hi).map { $0 == 0 && $1 == 0 }
        guard magnitude.allSatisfy(\.isFinite) else {
            throw BoundError.domain("the ANN's enclosure at the input is not finite")
        }
    }

    var rows: Int { shape[0] }
    var columns: Int { shape.count > 1 ? shape[1] : 1 }

    /// The magnitudes as a [rows, columns] matrix.
    func magnitudes() throws -> Tensor<Double> { try Tensor(shape: shape, values: magnitude) }
}

/// One LayerNorm input row at the input, reduced to what CF-LN needs: with z = c − mean(c),
/// an upper bound on each |z_i|, and lower bounds σ ≤ √(var(c) + ε) and σ₀ ≤ √var(c)
/// (the biased variance, as LayerNorm's).
struct NormCentre: Sendable {
    let deviationMagnitude: [Double]
    let sigma: Double
    let sigmaWithoutEpsilon: Double

    init(row: ArraySlice<Ball>, epsilon: Rational, precision: Int) throws {
        let n = row.count
        guard n > 0 else { throw BoundError.invalidParameter("an empty LayerNorm row") }
        let total = row.reduce(Ball.zero.atPrecision(precision)) { $0 + $1 }
        let mean = total.divided(by: n)
        let z = row.map { $0 - mean }
        let variance = z.reduce(Ball.zero.atPrecision(precision)) { $0 + $1 * $1 }.divided(by: n)
        deviationMagnitude = z.map(\.magnitudeUpperBound)
        sigmaWithoutEpsilon = Downward.sqrt(Swift.max(0, variance.lowerBound))
        let withEpsilon = variance + Ball(epsilon, precision: precision)
        sigma = Downward.sqrt(Swift.max(0, withEpsilon.lowerBound))
    }
}
