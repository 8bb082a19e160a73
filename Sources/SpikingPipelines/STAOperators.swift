import ExactArithmetic
import SpikingOperators
import Tensors

/// The four group operators an STA pipeline uses (spec §4).
public struct STAOperators: Sendable, Equatable, Codable {
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
    let renormaliseAbove = Scalar(Rational.fraction(3, 2))
    let expFloor = Scalar(Rational(-20))

    let shift: STASoftmaxShift
    /// The public structure's two softmax rules (spec §4 as released): an exp input ≤ −20
    /// gives 0, and the re-normalisation multiplies by the 1/x operator of the total instead of
    /// dividing by it.
    let publicRules: Bool
    /// With the first-key shift, take z_first = 1 exactly (its value in exact arithmetic) instead
    /// of computing x_first − (x_first − 1): for enclosures (balls), whose computed difference
    /// is only near 1 and could straddle a breakpoint of the exp operator there. Double runs keep
    /// the public code's rounding (false).
    let exactFirstKey: Bool

    public init(
        _ operators: STAOperators, softmaxShift: STASoftmaxShift = .firstKey, exactFirstKey: Bool = false,
        structure: STAStructure = .spikebound
    ) {
        self.init(
            operators, softmaxShift: softmaxShift, exactFirstKey: exactFirstKey, structure: structure, converting: { Scalar($0) })
    }

    /// The group operators' weights converted by `convert` (`GroupOperatorValues`).
    public init(
        _ operators: STAOperators, softmaxShift: STASoftmaxShift = .firstKey, exactFirstKey: Bool = false,
        structure: STAStructure = .spikebound, converting convert: (Rational) -> Scalar
    ) {
        shift = softmaxShift
        publicRules = structure == .public
        self.exactFirstKey = exactFirstKey
        exp = GroupOperatorValues(operators.exp, converting: convert)
        reciprocal = GroupOperatorValues(operators.reciprocal, converting: convert)
        rsqrt = GroupOperatorValues(operators.rsqrt, converting: convert)
    }

    /// softmax of one row over the kept keys: z_j = min(x_j − x_first + 1, 3) with x_first the
    /// first kept key's logit (or z_j = x_j − max + 1 with the row-max shift), e_j =
    /// exp-operator(z_j), p_j = e_j · (1/x-operator)(Σ e), and p ← p / Σp once more when
    /// Σp > 1.5. Masked keys get 0. With the public structure's rules, e_j = 0 where z_j ≤ −20
    /// and the re-normalisation is p ← p · (1/x-operator)(Σp).
    public func softmax(_ row: ArraySlice<Scalar>, keep: [Int]) throws -> [Scalar] {
        var out = [Scalar](repeating: .zero, count: row.count)
        guard !keep.isEmpty else { return out }
        let parts = try softmaxParts(row, keep: keep)
        for (i, j) in keep.enumerated() { out[j] = parts.output[i] }
        return out
    }

    /// Each head's estimate [tokens, tokens] through `softmax` row by row, the heads side by side
    /// [tokens, heads·tokens] (the layout of the attention-probability site).
    func softmax(heads estimates: [Tensor<Scalar>], keep: [Int]) throws -> Tensor<Scalar> {
        try Tensor.concatenatingColumns(estimates.map { e in try e.mapRows { try softmax($0, keep: keep) } })
    }

    /// The softmax's intermediate values over the kept keys, in the order of `keep` (which must
    /// not be empty): what `softmax` returns, and what a centred analysis reads (B-CF-STA).
    @_specialize(where Scalar == Double)
    public func softmaxParts(_ row: ArraySlice<Scalar>, keep: [Int]) throws -> STASoftmaxParts<Scalar> {
        guard let first = keep.first else { throw OperatorError.invalidParameter("an STA softmax over no kept key") }
        var shift = row[row.startIndex + first]
        if self.shift == .rowMax {
            for j in keep where try decidedOrder(row[row.startIndex + j], shift, "the softmax row maximum") == .greater {
                shift = row[row.startIndex + j]
            }
        }
        shift = shift - one
        var shifted = [Scalar](), z = [Scalar](), e = [Scalar]()
        shifted.reserveCapacity(keep.count)
        z.reserveCapacity(keep.count)
        e.reserveCapacity(keep.count)
        var sum = Scalar.zero
        for j in keep {
            let d = exactFirstKey && self.shift == .firstKey && j == first ? one : row[row.startIndex + j] - shift
            shifted.append(d)
            let clamped = try decidedOrder(d, three, "the STA softmax clamp") == .greater ? three : d
            z.append(clamped)
            let value = try publicRules && decidedOrder(clamped, expFloor, "the STA softmax's exp floor") != .greater
                ? Scalar.zero : exp(clamped)
            e.append(value)
            sum = sum + value
        }
        let inverse = try reciprocal(sum)
        let p = e.map { $0 * inverse }
        let total = p.reduce(Scalar.zero, +)
        let renormalised = try decidedOrder(total, renormaliseAbove, "the STA softmax re-normalisation") == .greater
        let output: [Scalar]
        if !renormalised {
            output = p
        } else if publicRules {
            let again = try reciprocal(total)
            output = p.map { $0 * again }
        } else {
            output = try p.map { try $0.divided(byValue: total) }
        }
        return STASoftmaxParts(
            shifted: shifted, z: z, e: e, sum: sum, inverse: inverse, p: p, total: total, renormalised: renormalised,
            output: output)
    }

    /// LayerNorm of one row without ε: y = x − mean(x), σ² = mean(y²), out = γ·y·rsqrt-operator(σ²) + β.
    public func layerNorm(_ row: ArraySlice<Scalar>, _ parameters: LayerNormParameters<Scalar>) throws -> [Scalar] {
        try layerNormParts(row, parameters).output
    }

    /// The LayerNorm's intermediate values (B-CF-STA reads them), and its output.
    @_specialize(where Scalar == Double)
    public func layerNormParts(_ row: ArraySlice<Scalar>, _ parameters: LayerNormParameters<Scalar>) throws -> STALayerNormParts<Scalar> {
        let n = row.count
        guard n > 0 else { throw OperatorError.invalidParameter("an STA LayerNorm of an empty row") }
        let mean = row.reduce(Scalar.zero, +).divided(by: n)
        let y = row.map { $0 - mean }
        let variance = y.reduce(Scalar.zero) { $0 + $1 * $1 }.divided(by: n)
        let r = try rsqrt(variance)
        let output = y.indices.map { parameters.gammaValues[$0] * y[$0] * r + parameters.betaValues[$0] }
        return STALayerNormParts(y: y, variance: variance, root: r, output: output)
    }

    func decidedOrder(_ a: Scalar, _ b: Scalar, _ what: String) throws -> Order {
        guard let order = a.order(b) else { throw OperatorError.undecided(what) }
        return order
    }
}

/// One row of STA's softmax composition, step by step, over the kept keys in order.
public struct STASoftmaxParts<Scalar: SpikeScalar>: Sendable {
    /// x_j − shift, before the clamp at 3.
    public let shifted: [Scalar]
    /// min(x_j − shift, 3): the exp operator's inputs.
    public let z: [Scalar]
    public let e: [Scalar]
    /// Σ e, the 1/x operator's input, and its value.
    public let sum: Scalar
    public let inverse: Scalar
    /// e_j·inverse, their total, and whether the total passed 3/2 (so p was divided by it).
    public let p: [Scalar]
    public let total: Scalar
    public let renormalised: Bool
    public let output: [Scalar]
}

/// One row of STA's LayerNorm composition: y = x − mean(x), σ² = mean(y²), its rsqrt operator's
/// value, and the output.
public struct STALayerNormParts<Scalar: SpikeScalar>: Sendable {
    public let y: [Scalar]
    public let variance: Scalar
    public let root: Scalar
    public let output: [Scalar]
}
