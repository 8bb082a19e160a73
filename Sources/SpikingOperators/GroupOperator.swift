import ExactArithmetic
import Tensors

/// STA's universal group operator (spec §4): g(x) = b₂ + Σ_i W₂[i]·N_i(W₁[i]·x + b₁[i]) with N
/// ReLU in ANN mode and, in spiking mode, an IF neuron with threshold θ_i per hidden unit.
///
/// Weights are exact rationals (the released float32 weights are dyadic).
public struct GroupOperator: Sendable, Equatable {
    public let w1: [Rational]
    public let b1: [Rational]
    public let w2: [Rational]
    public let b2: Rational
    /// A name for reports (e.g. the released file's name).
    public let name: String

    public init(w1: [Rational], b1: [Rational], w2: [Rational], b2: Rational, name: String = "group operator") throws {
        guard !w1.isEmpty, w1.count == b1.count, w1.count == w2.count else {
            throw OperatorError.shapeMismatch("group operator with \(w1.count) W1, \(b1.count) b1 and \(w2.count) W2 values")
        }
        self.w1 = w1
        self.b1 = b1
        self.w2 = w2
        self.b2 = b2
        self.name = name
    }

    public var hiddenUnits: Int { w1.count }

    /// g(x) in ANN mode (ReLU units), in any arithmetic.
    public func evaluate<Scalar: SpikeScalar>(_ x: Scalar) throws -> Scalar {
        var y = Scalar(b2)
        for i in 0..<hiddenUnits {
            let z = Scalar(w1[i]) * x + Scalar(b1[i])
            let order = try decided(z.order(.zero), "ReLU of unit \(i) in \(name)")
            if order == .greater { y = y + Scalar(w2[i]) * z }
        }
        return y
    }

    /// The piecewise-linear interpolant of f on knots k₀ < … < k_K, as a ReLU sum (GO-1):
    /// g(x) = f(k₀) + s₀·ReLU(x − k₀) + Σ_{j=1}^{K−1} (s_j − s_{j−1})·ReLU(x − k_j), with s_j the
    /// slope on [k_j, k_{j+1}]. It equals the interpolant on [k₀, k_K] and f(k₀) below k₀.
    /// `values[j]` is the value used at knot j (exact f, or a rational approximation of it).
    ///
    /// With `flatBeyondLastKnot`, one more unit −s_{K−1}·ReLU(x − k_K) makes g constant f(k_K)
    /// above k_K instead of continuing the last slope (for 1/x and 1/√x, whose continued slope
    /// would reach zero and go negative). On [k₀, k_K] g is the same interpolant.
    public static func interpolant(
        knots: [Rational], values: [Rational], name: String = "interpolant", flatBeyondLastKnot: Bool = false
    ) throws -> GroupOperator {
        guard knots.count >= 2, knots.count == values.count else {
            throw OperatorError.invalidParameter("an interpolant needs at least 2 knots and one value per knot")
        }
        for j in 1..<knots.count where knots[j] <= knots[j - 1] {
            throw OperatorError.invalidParameter("knots must increase: \(knots[j - 1]) then \(knots[j])")
        }
        var slopes = [Rational]()
        for j in 0..<(knots.count - 1) {
            let rise: Rational = values[j + 1] - values[j]
            let run: Rational = knots[j + 1] - knots[j]
            slopes.append(try rise / run)
        }
        var w2 = [slopes[0]]
        for j in 1..<slopes.count { w2.append(slopes[j] - slopes[j - 1]) }
        var b1 = knots.prefix(slopes.count).map { -$0 }
        if flatBeyondLastKnot, let last = slopes.last, let top = knots.last {
            w2.append(-last)
            b1.append(-top)
        }
        return try GroupOperator(
            w1: Array(repeating: .one, count: w2.count), b1: b1, w2: w2, b2: values[0], name: name)
    }

    /// K + 1 equally spaced knots over [a, b].
    public static func uniformKnots(_ a: Rational, _ b: Rational, intervals: Int) throws -> [Rational] {
        guard intervals >= 1, a < b else { throw OperatorError.invalidParameter("need a < b and at least one interval") }
        let h = try (b - a) / Rational(intervals)
        return (0...intervals).map { a + h * Rational($0) }
    }

    /// The same hidden layer (W₁, b₁) with W₂ and b₂ refitted by least squares to the targets
    /// y_s at the sample points x_s, solved exactly over the rationals. Units that are inactive
    /// on every sample (a zero column) get W₂ = 0.
    public func refitted(samples: [Rational], targets: [Rational]) throws -> GroupOperator {
        guard samples.count == targets.count, samples.count > hiddenUnits else {
            throw OperatorError.invalidParameter(
                "a refit needs more samples than hidden units (\(samples.count) for \(hiddenUnits)) and one target per sample")
        }
        // Design matrix: ReLU(W₁x + b₁) per unit, then a column of ones for b₂.
        let columns = hiddenUnits + 1
        let design: [[Rational]] = samples.map { x in
            (0..<hiddenUnits).map { i in
                let z = w1[i] * x + b1[i]
                return z.sign > 0 ? z : .zero
            } + [.one]
        }
        var normal = [[Rational]](repeating: [Rational](repeating: .zero, count: columns + 1), count: columns)
        for (row, y) in zip(design, targets) {
            for i in 0..<columns where !row[i].isZero {
                for j in 0..<columns where !row[j].isZero { normal[i][j] += row[i] * row[j] }
                normal[i][columns] += row[i] * y
            }
        }
        let solution = try LinearSolve.solveSettingFreeVariablesToZero(normal)
        return try GroupOperator(w1: w1, b1: b1, w2: Array(solution.prefix(hiddenUnits)), b2: solution[hiddenUnits], name: name + " (refit)")
    }
}

/// Exact Gaussian elimination over the rationals.
enum LinearSolve {
    /// Solves the augmented system [A | y] (n rows, n+1 columns) by Gauss–Jordan elimination;
    /// the free variables of a singular system are set to 0 (a solution, not the minimum-norm
    /// one). Throws when the system is inconsistent.
    static func solveSettingFreeVariablesToZero(_ augmented: [[Rational]]) throws -> [Rational] {
        var m = augmented
        let n = m.count
        var pivotColumnOfRow = [Int]()
        var row = 0
        for column in 0..<n where row < n {
            guard let pivot = (row..<n).first(where: { !m[$0][column].isZero }) else { continue }
            m.swapAt(row, pivot)
            let inverse = try m[row][column].reciprocal()
            for j in column...n { m[row][j] *= inverse }
            for r in 0..<n where r != row && !m[r][column].isZero {
                let factor = m[r][column]
                for j in column...n { m[r][j] -= factor * m[row][j] }
            }
            pivotColumnOfRow.append(column)
            row += 1
        }
        for r in row..<n where !m[r][n].isZero {
            throw OperatorError.arithmetic("inconsistent linear system")
        }
        var x = [Rational](repeating: .zero, count: n)
        for (r, column) in pivotColumnOfRow.enumerated() { x[column] = m[r][n] }
        return x
    }
}
