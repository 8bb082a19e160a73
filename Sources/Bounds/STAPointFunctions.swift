import ExactArithmetic
import SpikingOperators
import SpikingPipelines
import Tensors

/// STA's functions at points (`STACompositions` and the GELU group's values): F̃ at one input,
/// in balls for the centres of B-CF-STA. A comparison the arithmetic cannot decide throws
/// `undecided`, never a guess.
struct STAPointFunctions<Scalar: SpikeScalar>: STAFunctions {
    let compositions: STACompositions<Scalar>
    let geluValues: GroupOperatorValues<Scalar>

    init(_ operators: STAOperators, shift: STASoftmaxShift, converting convert: (Rational) -> Scalar) {
        compositions = STACompositions(operators, softmaxShift: shift, exactFirstKey: true, converting: convert)
        geluValues = GroupOperatorValues(operators.gelu, converting: convert)
    }

    func softmax(_ row: ArraySlice<Scalar>, keep: [Int]) throws -> [Scalar] { try compositions.softmax(row, keep: keep) }

    func layerNorm(_ row: ArraySlice<Scalar>, _ parameters: LayerNormParameters<Scalar>) throws -> [Scalar] {
        try compositions.layerNorm(row, parameters)
    }

    func gelu(_ x: Scalar) throws -> Scalar { try geluValues(x) }
}
