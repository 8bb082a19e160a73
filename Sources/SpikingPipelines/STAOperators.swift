import ExactArithmetic
import SpikingOperators
import Tensors

/// The four group operators an STA pipeline uses (spec §4).
public struct STAOperators: Sendable, Equatable {
    public let gelu: GroupOperator
    public let exp: GroupOperator
    public let reciprocal: GroupOperator
    public let rsqrt: GroupOperator

    public init(gelu: GroupOperator, exp: GroupOperator, reciprocal: GroupOperator, rsqrt: GroupOperator) {
        self.gelu = gelu
        self.exp = exp
        self.reciprocal = reciprocal
        self.rsqrt = rsqrt
    }
}

/// STA's softmax and LayerNorm compositions (spec §4), with the group operators evaluated in
/// ANN mode, in the arithmetic of a run.
public struct STACompositions<Scalar: SpikeScalar>: Sendable {
    let exp: GroupOperatorValues<Scalar>
    let reciprocal: GroupOperatorValues<Scalar>
    let rsqrt: GroupOperatorValues<Scalar>
    let one = Scalar(.one)
    let three = Scalar(Rational(3))
    let renormaliseAbove = Scalar(fraction(3, 2))

    let shift: STASoftmaxShift

    public init(_ operators: STAOperators, softmaxShift: STASoftmaxShift = .firstKey) {
        shift = softmaxShift
        exp = GroupOperatorValues(operators.exp)
        reciprocal = GroupOperatorValues(operators.reciprocal)
        rsqrt = GroupOperatorValues(operators.rsqrt)
    }

    /// softmax of one row over the kept keys: z_j = min(x_j − x_first + 1, 3) with x_first the
    /// first kept key's logit (or z_j = x_j − max + 1 with the row-max shift), e_j =
    /// exp-operator(z_j), p_j = e_j · (1/x-operator)(Σ e), and p ← p / Σp once more when
    /// Σp > 1.5. Masked keys get 0.
    public func softmax(_ row: ArraySlice<Scalar>, keep: [Int]) throws -> [Scalar] {
        var out = [Scalar](repeating: .zero, count: row.count)
        guard let first = keep.first else { return out }
        var shift = row[row.startIndex + first]
        if self.shift == .rowMax {
            for j in keep where try decidedOrder(row[row.startIndex + j], shift, "the softmax row maximum") == .greater {
                shift = row[row.startIndex + j]
            }
        }
        shift = shift - one
        var e = [Scalar]()
        e.reserveCapacity(keep.count)
        var sum = Scalar.zero
        for j in keep {
            var z = row[row.startIndex + j] - shift
            if try decidedOrder(z, three, "the STA softmax clamp") == .greater { z = three }
            let value = try exp(z)
            e.append(value)
            sum = sum + value
        }
        let inverse = try reciprocal(sum)
        var p = e.map { $0 * inverse }
        let total = p.reduce(Scalar.zero, +)
        if try decidedOrder(total, renormaliseAbove, "the STA softmax re-normalisation") == .greater {
            p = try p.map { try $0.divided(byValue: total) }
        }
        for (i, j) in keep.enumerated() { out[j] = p[i] }
        return out
    }

    /// LayerNorm of one row without ε: y = x − mean(x), σ² = mean(y²), out = γ·y·rsqrt-operator(σ²) + β.
    public func layerNorm(_ row: ArraySlice<Scalar>, _ parameters: LayerNormParameters<Scalar>) throws -> [Scalar] {
        let n = row.count
        let mean = row.reduce(Scalar.zero, +).divided(by: n)
        let y = row.map { $0 - mean }
        let variance = y.reduce(Scalar.zero) { $0 + $1 * $1 }.divided(by: n)
        let r = try rsqrt(variance)
        return y.indices.map { parameters.gammaValues[$0] * y[$0] * r + parameters.betaValues[$0] }
    }

    func decidedOrder(_ a: Scalar, _ b: Scalar, _ what: String) throws -> Order {
        guard let order = a.order(b) else { throw OperatorError.undecided(what) }
        return order
    }
}
