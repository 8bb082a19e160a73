import ExactArithmetic
import ReferenceTransformer
import Tensors

/// The LayerNorm cap of a post-LN layer (lemma CAP, proofs/bounds/B-NET.md): every output of a
/// LayerNorm with γ, β over n features satisfies |LN(x)_i − β_i| ≤ |γ_i|·√(n − 1), so wherever
/// the SNN's mean output at a BERT (post-LN) layer is itself a LayerNorm output (ECMT, by EC-1),
///
///     |SNN_i − ANN_i| ≤ |γ_i|·√(n − 1) + |ANN_i − β_i|
///
/// holds with no analysis at all. An a priori bound at or above the largest of these over the
/// kept entries says nothing more than the LayerNorm itself, and reports show it as *vacuous
/// (cap)*, not as a number that looks like a result.
public enum LayerNormCap {
    /// Per layer, the cap over `rows` of the ANN's outputs `ann` (rounded up), for a BERT
    /// (post-LN) encoder; nil for a pre-LN encoder, whose layer output is the residual stream.
    public static func caps(_ weights: EncoderWeights<Double>, ann: [Tensor<Double>], rows: [Int]) throws -> [Double]? {
        guard weights.config.architecture == .bertPostLN else { return nil }
        guard ann.count == weights.blocks.count else {
            throw BoundError.invalidParameter("\(ann.count) ANN layers for \(weights.blocks.count) blocks")
        }
        return try zip(weights.blocks, ann).map { block, a in
            let gamma = block.norm2.gamma, beta = block.norm2.beta, n = gamma.count
            guard a.rank == 2, a.rowLength == n, rows.allSatisfy({ $0 < a.shape[0] }) else {
                throw BoundError.invalidParameter("an ANN layer \(a.shape) for a LayerNorm of \(n)")
            }
            let root = Upward.sqrt(Double(n - 1))
            var cap = 0.0
            for i in 0..<n {
                let g = gamma[i].magnitude.doubleValue(rounding: .up)
                for r in rows {
                    let deviation = (try Rational(exactly: a.values[r * n + i]) - beta[i]).magnitude.doubleValue(rounding: .up)
                    cap = Swift.max(cap, Upward.add(Upward.mul(g, root), deviation))
                }
            }
            return cap
        }
    }
}
