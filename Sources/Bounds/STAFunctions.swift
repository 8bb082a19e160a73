import ExactArithmetic
import SpikingOperators
import SpikingPipelines
import Tensors

/// The three functions F̃ applies where the ANN applies softmax, LayerNorm and GELU (B-INJ's STA
/// corollary, B-COMP): STA's two compositions and its GELU group operator in ANN mode, in one
/// arithmetic. Contract: each returns, for every value its arguments stand for, a value that
/// holds the composition's (exactly for exact arithmetic, by inclusion for intervals and balls).
protocol STAFunctions: Sendable {
    associatedtype Scalar: SpikeScalar
    /// STA's softmax of a row over the kept keys (masked keys exactly 0).
    func softmax(_ row: ArraySlice<Scalar>, keep: [Int]) throws -> [Scalar]
    /// STA's LayerNorm of a row (no ε).
    func layerNorm(_ row: ArraySlice<Scalar>, _ parameters: LayerNormParameters<Scalar>) throws -> [Scalar]
    /// The GELU group operator in ANN mode (ReLU units).
    func gelu(_ x: Scalar) throws -> Scalar
}
