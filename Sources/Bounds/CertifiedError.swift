import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// The certified per-input error (B-CERT): for one input's SNN run and every checkpoint T and
/// layer l, an upper and a lower bound on max |SNN_l − ANN_l| over the kept entries, ANN_l the
/// *exact* reference. The SNN means are the Doubles the run produced, read exactly; the ANN is
/// enclosed in balls (`ReferenceEnclosure`). Entry by entry, for the enclosure [m ± r] of the
/// exact value a and the SNN value s,
///
///   |s − m| − r ≤ |s − a| ≤ |s − m| + r,
///
/// both sides evaluated as balls and rounded outward, and the maximum over entries keeps both
/// inequalities. The bound exceeds the true error by at most the widest radius (plus outward
/// rounding), so its ratio to the observed error is 1 up to that width.
public enum CertifiedError {
    /// A deliberate weakening, for the mutation tests only.
    public enum Mutation: String, Sendable, CaseIterable {
        /// Compare with the enclosure's midpoint alone, as if the ANN were known exactly there.
        case dropRadius = "drop-radius"
    }

    /// With `pooling`, each step also encloses the cosine of the pooled embeddings (B-COS) where
    /// the pooling is covered.
    public static func certify(
        _ record: RecordedSample, enclosure: ReferenceEnclosure, pooling: SentencePooling? = nil, mutation: Mutation? = nil
    ) throws -> CertifiedSample {
        guard enclosure.sample == record.sample.name, enclosure.rows == record.sample.keptTokens else {
            throw BoundError.invalidParameter("the enclosure of \(enclosure.sample) does not belong to \(record.sample.name)")
        }
        let steps = try record.means.keys.sorted().map { T -> CertifiedStep in
            guard let snn = record.means[T], snn.count == enclosure.layers.count else {
                throw BoundError.invalidParameter("\(record.sample.name): \(record.means[T]?.count ?? 0) SNN layers at T = \(T), the ANN has \(enclosure.layers.count)")
            }
            let cosine = try pooling.flatMap { p in
                try snn.last.flatMap { last in
                    try enclosure.layers.last.flatMap { try CertifiedCosine.enclose(snn: last, ann: $0, rows: enclosure.rows, pooling: p) }
                }
            }
            return CertifiedStep(T: T, layers: try snn.indices.map { l in
                try layer(l, snn: snn[l], ann: enclosure.layers[l], rows: enclosure.rows, name: record.sample.name, mutation: mutation)
            }, featureCosine: cosine)
        }
        return CertifiedSample(sample: record.sample.name, bits: enclosure.bits, steps: steps)
    }

    static func layer(
        _ l: Int, snn: Tensor<Double>, ann: Tensor<Ball>, rows: [Int], name: String, mutation: Mutation?
    ) throws -> CertifiedLayer {
        let width = ann.rowLength
        guard snn.rank == 2, snn.rowLength == width, rows.allSatisfy({ $0 < snn.shape[0] }) else {
            throw BoundError.invalidParameter("\(name): layer \(l)'s SNN means \(snn.shape) do not match the ANN's \(ann.shape)")
        }
        var upper = 0.0, lower = 0.0, radius = 0.0
        var squaredError = Ball.zero, squaredANN = Ball.zero
        for (r, row) in rows.enumerated() {
            for j in 0..<width {
                let s = snn.values[row * width + j]
                guard s.isFinite else {
                    return CertifiedLayer(layer: l, bound: .infinity, observedLower: .infinity, radius: .infinity, relativeBound: .infinity)
                }
                let a = mutation == .dropRadius ? try Ball.exactly(ann.values[r * width + j].midpoint) : ann.values[r * width + j]
                let d = try Ball.exactly(s) - a
                upper = max(upper, d.magnitudeUpperBound)
                lower = max(lower, d.magnitudeLowerBound)
                radius = max(radius, ann.values[r * width + j].radiusBound)
                squaredError = squaredError + d * d
                squaredANN = squaredANN + a * a
            }
        }
        return CertifiedLayer(
            layer: l, bound: upper, observedLower: lower, radius: radius, relativeBound: relativeUpperBound(squaredError, squaredANN))
    }

    /// An upper bound on ‖SNN − ANN‖₂ / ‖ANN‖₂ from enclosures of the two sums of squares: the
    /// square root, rounded up, of the quotient's upper end; +∞ when ‖ANN‖² may be 0 (the ratio is
    /// then unbounded, never guessed).
    static func relativeUpperBound(_ squaredError: Ball, _ squaredANN: Ball) -> Double {
        guard squaredANN.lowerBound > 0, let ratio = try? squaredError / squaredANN else { return .infinity }
        let high = ratio.upperBound
        return high.isFinite ? Upward.sqrt(Swift.max(0, high)) : .infinity
    }
}

/// One input's certified errors at every checkpoint T.
public struct CertifiedSample: Sendable, Codable, Equatable {
    public let sample: String
    /// The precision of the ball run, in bits.
    public let bits: Int
    public let steps: [CertifiedStep]
}

public struct CertifiedStep: Sendable, Codable, Equatable {
    public let T: Int
    public let layers: [CertifiedLayer]
    /// B-COS: the cosine of the pooled embeddings, SNN against the exact ANN, enclosed; nil when
    /// not asked for or the pooling is not covered.
    public var featureCosine: CertifiedCosine.Enclosure? = nil
}

/// Layer l at one T, max over the kept entries.
public struct CertifiedLayer: Sendable, Codable, Equatable {
    public let layer: Int
    /// A certified upper bound on max |SNN_l − ANN_l| against the exact ANN.
    public let bound: Double
    /// A certified lower bound on the same maximum.
    public let observedLower: Double
    /// The widest radius of the ANN's enclosure in this layer: bound − observedLower ≤ 2·radius
    /// up to outward rounding.
    public let radius: Double
    /// A certified upper bound on the relative error ‖SNN_l − ANN_l‖₂ / ‖ANN_l‖₂ over the kept
    /// entries (+∞ where ‖ANN_l‖ is not certified positive).
    public let relativeBound: Double
}
