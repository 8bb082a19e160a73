import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// F̃ at one input (the ANN with STA's operators, nothing injected: B-INJ's STA corollary),
/// enclosed in balls at every operator of every block, kept tokens only: the centres of B-CF-STA.
struct STACentredTrace: Sendable {
    struct Layer: Sendable {
        /// The eight neuron sites, the GELU input and the block's output.
        var sites: [EncoderSite: Centre] = [:]
        /// Each head's softmax rows ([head][row]).
        var softmax: [[STASoftmaxCentre]] = []
        /// Each row of the first and the second LayerNorm.
        var norm1: [STANormCentre] = []
        var norm2: [STANormCentre] = []
    }

    let layers: [Layer]
    /// An upper bound on the scores' scale 1/√d.
    let scale: Double

    /// The trace at `precision` bits, doubled (up to 1024) while an operator refuses a ball (an
    /// undecided comparison, a ball too wide): soundness never depends on the precision.
    static func tracing(
        weights: EncoderWeights<Ball>, operators: STAOperators, shift: STASoftmaxShift, input: Tensor<Double>, precision: Int
    ) throws -> STACentredTrace {
        var bits = precision
        while true {
            do {
                return try trace(weights: weights, operators: operators, shift: shift, input: input, precision: bits)
            } catch {
                guard bits * 2 <= 1024 else { throw error }
                bits *= 2
            }
        }
    }

    static func trace(
        weights: EncoderWeights<Ball>, operators: STAOperators, shift: STASoftmaxShift, input: Tensor<Double>, precision: Int
    ) throws -> STACentredTrace {
        let reference = try ReferenceEncoder(weights, context: NumericContext(bits: precision))
        // The operators' weights at the trace's precision: a non-dyadic weight's rounding then
        // shrinks as the precision doubles.
        let functions = STAPointFunctions<Ball>(operators, shift: shift) { Ball($0, precision: precision) }
        let approximation = STAApproximation(reference: reference, functions: functions)
        let heads = weights.config.heads
        var layers = [Layer](repeating: Layer(), count: weights.blocks.count)
        let x = try input.map { try Ball.exactly($0).atPrecision(precision) }
        let keep = Array(0..<input.shape[0])
        _ = try approximation.forward(x, mask: nil, inject: { l, site, value in
            layers[l].sites[site] = try Centre(value)
            return value
        }, widen: { _, _ in Ball.zero }, observe: { l, site, value in
            switch site {
            case .attentionScores:
                let n = value.rowCount
                layers[l].softmax = try (0..<heads).map { head in
                    try (0..<n).map { row in
                        let start = row * value.rowLength + head * n
                        let parts = try functions.compositions.softmaxParts(value.values[start..<start + n], keep: keep)
                        return try STASoftmaxCentre(parts)
                    }
                }
            case .norm1Input, .norm2Input:
                let parameters = site == .norm1Input ? reference.norm1[l] : reference.norm2[l]
                let rows = try (0..<value.rowCount).map {
                    try STANormCentre(functions.compositions.layerNormParts(value.row($0), parameters))
                }
                if site == .norm1Input { layers[l].norm1 = rows } else { layers[l].norm2 = rows }
            default:
                layers[l].sites[site] = try Centre(value)
            }
        })
        return STACentredTrace(layers: layers, scale: reference.scale.magnitudeUpperBound)
    }
}

/// One row of STA's softmax at the input, as `Double` bounds read from its balls: what
/// CF-STA-SOFTMAX needs.
struct STASoftmaxCentre: Sendable {
    /// Lower bounds of x_j − shift before the clamp.
    let shiftedLo: [Double]
    let zLo, zHi: [Double]
    let eMagnitude: [Double]
    let sumLo, sumHi: Double
    let inverseMagnitude: Double
    let pMagnitude: [Double]
    let totalLo, totalHi: Double

    init(_ parts: STASoftmaxParts<Ball>) throws {
        shiftedLo = parts.shifted.map(\.lowerBound)
        zLo = parts.z.map(\.lowerBound)
        zHi = parts.z.map(\.upperBound)
        eMagnitude = parts.e.map(\.magnitudeUpperBound)
        sumLo = parts.sum.lowerBound
        sumHi = parts.sum.upperBound
        inverseMagnitude = parts.inverse.magnitudeUpperBound
        pMagnitude = parts.p.map(\.magnitudeUpperBound)
        totalLo = parts.total.lowerBound
        totalHi = parts.total.upperBound
        guard (zHi + eMagnitude + pMagnitude + [sumHi, inverseMagnitude, totalHi]).allSatisfy(\.isFinite) else {
            throw BoundError.domain("STA's softmax at the input is not finite")
        }
    }
}

/// One row of STA's LayerNorm at the input: |y_i|, σ² and the rsqrt operator's value, as
/// `Double` bounds (CF-STA-LN).
struct STANormCentre: Sendable {
    let yMagnitude: [Double]
    let varianceLo, varianceHi: Double
    let rootMagnitude: Double

    init(_ parts: STALayerNormParts<Ball>) throws {
        yMagnitude = parts.y.map(\.magnitudeUpperBound)
        varianceLo = parts.variance.lowerBound
        varianceHi = parts.variance.upperBound
        rootMagnitude = parts.root.magnitudeUpperBound
        guard (yMagnitude + [varianceHi, rootMagnitude]).allSatisfy(\.isFinite) else {
            throw BoundError.domain("STA's LayerNorm at the input is not finite")
        }
    }
}
