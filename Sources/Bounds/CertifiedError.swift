import ExactArithmetic
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

    public static func certify(_ record: RecordedSample, enclosure: ReferenceEnclosure, mutation: Mutation? = nil) throws -> CertifiedSample {
        guard enclosure.sample == record.sample.name, enclosure.rows == record.sample.keptTokens else {
            throw BoundError.invalidParameter("the enclosure of \(enclosure.sample) does not belong to \(record.sample.name)")
        }
        let steps = try record.means.keys.sorted().map { T -> CertifiedStep in
            guard let snn = record.means[T], snn.count == enclosure.layers.count else {
                throw BoundError.invalidParameter("\(record.sample.name): \(record.means[T]?.count ?? 0) SNN layers at T = \(T), the ANN has \(enclosure.layers.count)")
            }
            return CertifiedStep(T: T, layers: try snn.indices.map { l in
                try layer(l, snn: snn[l], ann: enclosure.layers[l], rows: enclosure.rows, name: record.sample.name, mutation: mutation)
            })
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
        for (r, row) in rows.enumerated() {
            for j in 0..<width {
                let s = snn.values[row * width + j]
                guard s.isFinite else {
                    return CertifiedLayer(layer: l, bound: .infinity, observedLower: .infinity, radius: .infinity)
                }
                let a = ann.values[r * width + j]
                let d = try Ball.exactly(s) - (mutation == .dropRadius ? try Ball.exactly(a.midpoint) : a)
                upper = max(upper, d.magnitudeUpperBound)
                lower = max(lower, d.magnitudeLowerBound)
                radius = max(radius, a.radiusBound)
            }
        }
        return CertifiedLayer(layer: l, bound: upper, observedLower: lower, radius: radius)
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
}
