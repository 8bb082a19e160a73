import ExactArithmetic
import ReferenceTransformer
import Tensors

/// The certified feature cosine (B-COS, proofs/bounds/B-COS.md): for one input at one T, an
/// enclosure of cos(pool(SNN), pool(ANN)), the cosine of the sentence (or image) embeddings that
/// the end metrics report, with ANN the *exact* reference (its last layer enclosed in balls,
/// `ReferenceEnclosure`) and SNN the Doubles the run produced, read exactly.
///
/// Covered poolings are the linear ones: the mean over the kept tokens, the first token, and the
/// sum over √n; L2 normalisation does not change a cosine (it divides by a positive number).
/// Max pooling and a final LayerNorm are not enclosed here: the result is then nil, and the
/// report says that no certified cosine exists, never a guessed one.
public enum CertifiedCosine {
    /// A certified [lower, upper] ⊆ [−1, 1] around the exact cosine.
    public struct Enclosure: Sendable, Codable, Equatable {
        public let lower: Double
        public let upper: Double
    }

    /// Whether `pooling` is one this enclosure covers.
    public static func covers(_ pooling: SentencePooling) -> Bool { pooling.mode != .max && pooling.layerNorm == nil }

    /// The enclosure for the kept tokens `rows` of `snn` [tokens, hidden] and `ann`
    /// [kept tokens, hidden] (row r of `ann` is token rows[r]); nil for an uncovered pooling.
    /// Where either embedding may be the zero vector the cosine is undefined, and the trivial
    /// enclosure [−1, 1] is returned (sound, and visibly uninformative).
    public static func enclose(snn: Tensor<Double>, ann: Tensor<Ball>, rows: [Int], pooling: SentencePooling) throws -> Enclosure? {
        guard covers(pooling) else { return nil }
        let width = ann.rowLength
        guard snn.rank == 2, snn.rowLength == width, !rows.isEmpty, rows.allSatisfy({ $0 < snn.shape[0] }) else {
            throw BoundError.invalidParameter("the SNN's last layer \(snn.shape) does not match the ANN's \(ann.shape)")
        }
        // Which kept rows enter the (unscaled) sum: every kept token, or the first token only.
        let pooled: [Int]
        if pooling.mode == .cls {
            guard let first = rows.firstIndex(of: 0) else { return Enclosure(lower: -1, upper: 1) }
            pooled = [first]
        } else {
            pooled = Array(rows.indices)
        }
        var u = [Ball](repeating: .zero, count: width), a = [Ball](repeating: .zero, count: width)
        for r in pooled {
            for j in 0..<width {
                u[j] = u[j] + (try Ball.exactly(snn.values[rows[r] * width + j]))
                a[j] = a[j] + ann.values[r * width + j]
            }
        }
        var dot = Ball.zero, uu = Ball.zero, aa = Ball.zero
        for j in 0..<width {
            dot = dot + u[j] * a[j]
            uu = uu + u[j] * u[j]
            aa = aa + a[j] * a[j]
        }
        let norms = uu * aa
        guard norms.lowerBound > 0, let scale = try? norms.rsqrt() else { return Enclosure(lower: -1, upper: 1) }
        let cosine = dot * scale
        return Enclosure(lower: Swift.max(-1, cosine.lowerBound), upper: Swift.min(1, cosine.upperBound))
    }
}
