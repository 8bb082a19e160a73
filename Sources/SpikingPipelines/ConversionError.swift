import ReferenceTransformer
import Tensors

/// The error of the SNN's mean output against the ANN reference, over the kept tokens of one
/// or more samples.
public struct ErrorStatistics: Sendable, Equatable, Codable {
    /// max |snn − ann|.
    public var maxAbs: Double
    /// mean |snn − ann|.
    public var meanAbs: Double
    /// √(mean (snn − ann)²).
    public var rms: Double
    /// ‖snn − ann‖₂ / ‖ann‖₂.
    public var relative: Double
    /// How many values were compared.
    public var count: Int
}

/// Accumulates errors over samples.
public struct ErrorAccumulator: Sendable, Codable {
    var maxAbs = 0.0
    var sumAbs = 0.0
    var sumSquares = 0.0
    var referenceSquares = 0.0
    var count = 0
    /// Set when a compared value was NaN or infinite.
    public internal(set) var nonFinite = false

    public init() {}

    /// Adds the kept rows of one sample.
    public mutating func add(snn: Tensor<Double>, ann: Tensor<Double>, rows: [Int]) throws {
        guard snn.shape == ann.shape, snn.rank == 2 else {
            throw OperatorError.shapeMismatch("comparing \(snn.shape) with \(ann.shape)")
        }
        let width = snn.shape[1]
        for i in rows {
            for j in 0..<width {
                let a = ann.values[i * width + j], s = snn.values[i * width + j]
                let e = s - a
                if !e.isFinite { nonFinite = true }
                maxAbs = max(maxAbs, abs(e))
                sumAbs += abs(e)
                sumSquares += e * e
                referenceSquares += a * a
                count += 1
            }
        }
    }

    public var statistics: ErrorStatistics {
        let rms = count > 0 ? (sumSquares / Double(count)).squareRoot() : 0
        let relative = referenceSquares > 0 ? (sumSquares / referenceSquares).squareRoot() : (sumSquares > 0 ? .infinity : 0)
        let meanAbs = count > 0 ? sumAbs / Double(count) : 0
        return ErrorStatistics(
            maxAbs: nonFinite ? .infinity : maxAbs, meanAbs: nonFinite ? .infinity : meanAbs, rms: nonFinite ? .infinity : rms,
            relative: nonFinite ? .infinity : relative, count: count)
    }
}

/// End metrics of a set of samples at one T.
public struct EmbeddingAgreement: Sendable, Equatable, Codable {
    /// cos(ANN embedding, SNN embedding) per sample.
    public var cosines: [Double]
    public var minimumCosine: Double
    public var meanCosine: Double
    /// Spearman's rank correlation of the pairwise cosine similarities of the samples' ANN
    /// embeddings against those of their SNN embeddings (nil for fewer than 3 samples).
    public var rankCorrelation: Double?

    /// Embeddings are the study's pooling of the last layer (`SentencePooling`).
    public init(ann: [[Double]], snn: [[Double]]) {
        cosines = zip(ann, snn).map { Self.cosine($0, $1) }
        minimumCosine = cosines.min() ?? .nan
        meanCosine = cosines.isEmpty ? .nan : cosines.reduce(0, +) / Double(cosines.count)
        guard ann.count >= 3 else {
            rankCorrelation = nil
            return
        }
        var a = [Double](), s = [Double]()
        for i in 0..<ann.count {
            for j in (i + 1)..<ann.count {
                a.append(Self.cosine(ann[i], ann[j]))
                s.append(Self.cosine(snn[i], snn[j]))
            }
        }
        rankCorrelation = Self.spearman(a, s)
    }

    /// cos(x, y); NaN for vectors of different lengths, 0 when either is zero.
    public static func cosine(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count else { return .nan }
        var dot = 0.0, xx = 0.0, yy = 0.0
        for i in x.indices {
            dot += x[i] * y[i]
            xx += x[i] * x[i]
            yy += y[i] * y[i]
        }
        let d = (xx * yy).squareRoot()
        return d > 0 ? dot / d : 0
    }

    /// Spearman's ρ (`Correlation.spearman`).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double { Correlation.spearman(x, y) }
}
