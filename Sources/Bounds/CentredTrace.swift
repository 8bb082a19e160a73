import ExactArithmetic
import ReferenceTransformer
import Tensors

/// The exact ANN at one input, enclosed in balls at every operator of every block (kept tokens
/// only, as `ReferenceEnclosure`): the centres of the centred forms (B-CF).
struct CentredTrace: Sendable {
    struct Layer: Sendable {
        /// Every site's values (`EncoderSite`): the neuron sites, the scores, the GELU input, the
        /// LayerNorm inputs and the output.
        var sites: [EncoderSite: Centre] = [:]
        /// Each row of the first and the second LayerNorm's input.
        var norm1: [NormCentre] = []
        var norm2: [NormCentre] = []
    }

    let layers: [Layer]
    /// An upper bound on the scores' scale 1/√d.
    let scale: Double
    /// Each block's |γ| of its two LayerNorms, rounded up.
    let gamma1: [[Double]]
    let gamma2: [[Double]]

    /// The trace at `precision` bits, doubled (up to 1024) while a ball grows too wide for an
    /// operator to accept it (a 1/√x of a ball that reaches 0, a non-finite value): soundness
    /// never depends on the precision, only whether the trace can be computed.
    static func tracing(weights: EncoderWeights<Ball>, input: Tensor<Double>, precision: Int) throws -> CentredTrace {
        var bits = precision
        while true {
            do {
                return try trace(weights: weights, input: input, precision: bits)
            } catch {
                guard bits * 2 <= 1024 else { throw error }
                bits *= 2
            }
        }
    }

    /// The trace of `input` (its kept rows, in order) at `precision` bits.
    static func trace(weights: EncoderWeights<Ball>, input: Tensor<Double>, precision: Int) throws -> CentredTrace {
        let reference = try ReferenceEncoder(weights, context: NumericContext(bits: precision))
        let epsilon = weights.config.layerNormEpsilon
        var layers = [Layer](repeating: Layer(), count: weights.blocks.count)
        _ = try reference.forward(try input.map { try Ball.exactly($0).atPrecision(precision) }, mask: nil, observe: { l, site, value in
            layers[l].sites[site] = try Centre(value)
            if site == .norm1Input || site == .norm2Input {
                let rows = try (0..<value.rowCount).map { try NormCentre(row: value.row($0), epsilon: epsilon, precision: precision) }
                if site == .norm1Input { layers[l].norm1 = rows } else { layers[l].norm2 = rows }
            }
        })
        func gammas(_ g: (BlockWeights<Ball>) -> LayerNormWeights<Ball>) -> [[Double]] {
            weights.blocks.map { g($0).gamma.map { $0.magnitude.doubleValue(rounding: .up) } }
        }
        return CentredTrace(
            layers: layers, scale: reference.scale.magnitudeUpperBound, gamma1: gammas(\.norm1), gamma2: gammas(\.norm2))
    }
}
