import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// The worst error observed over points of an a priori domain x ± margin: the bound holds for
/// every one of them, so this is what the bound is measured against when the domain is not a
/// point. The points are x itself, corners (every entry at x ± margin, the first all +, the
/// second all −, the rest random signs) and random interior points, from a fixed seed. They
/// run in parallel (`ParallelRows`).
public struct DomainSampling: Sendable, Codable, Equatable {
    /// How many points ran (x included).
    public let points: Int
    /// The points `spikebound run` and `report` measure for a domain with a margin > 0.
    public static let defaultPoints = 16
    public let steps: [DomainStep]

    /// The points of x ± margin: x, then `count − 1` others, half corners and half interior.
    /// Every entry lies in [x − margin, x + margin] exactly (a Double that rounds outside is
    /// moved one step inward).
    public static func points(around x: Tensor<Double>, margin: Rational, count: Int, seed: UInt64) throws -> [Tensor<Double>] {
        guard margin.sign >= 0 else { throw BoundError.domain("the margin \(margin) must be ≥ 0") }
        guard count >= 1 else { throw BoundError.invalidParameter("the domain needs at least one point") }
        let m = margin.doubleValue(rounding: .down)
        var rng = SplitMix(state: seed)
        var out = [x]
        for k in 1..<count {
            let corner = k <= (count - 1 + 1) / 2
            out.append(try x.map { v in
                let u: Double
                if corner {
                    u = k == 1 ? 1 : (k == 2 ? -1 : (rng.next() % 2 == 0 ? 1 : -1))
                } else {
                    u = Double(Int(rng.next() % 129) - 64) / 64
                }
                return try inside(v + u * m, v, margin)
            })
        }
        return out
    }

    /// p, or the nearest Double toward x while p lies outside [x − margin, x + margin].
    static func inside(_ p: Double, _ x: Double, _ margin: Rational) throws -> Double {
        let centre = try Rational(exactly: x)
        var p = p
        while try (Rational(exactly: p) - centre).magnitude > margin { p = p > x ? p.nextDown : p.nextUp }
        return p
    }

    /// Runs the SNN and the ANN on `count` points of `sample`'s input ± margin and keeps, per T
    /// and layer, the largest max|SNN_l − ANN_l| over the kept tokens.
    public static func measure(
        _ sample: EncoderSample, margin: Rational, count: Int = DomainSampling.defaultPoints, seed: UInt64 = 0x5EED,
        reference: ReferenceEncoder<Double>, calibration: PipelineCalibration, steps: [Int]
    ) throws -> [Int: [Double]] {
        let checkpoints = Set(steps).sorted()
        guard let tMax = checkpoints.last, checkpoints[0] >= 1 else { throw BoundError.invalidParameter("T must be ≥ 1") }
        let points = try Self.points(around: sample.input, margin: margin, count: count, seed: seed)
        let encoder = try SpikingEncoder(reference: reference, calibration: calibration)
        let errors = try ParallelRows.map(points.count) { range throws(any Error) -> [[Int: [Double]]] in
            try range.map { k in
                let ann = try reference.forward(points[k], mask: sample.mask)
                let run = try encoder.run(points[k], mask: sample.mask, steps: tMax, checkpoints: checkpoints)
                var out = [Int: [Double]]()
                for T in checkpoints {
                    guard let snn = run.meanOutputs[T] else { throw BoundError.invalidParameter("no SNN means at T = \(T)") }
                    out[T] = try ann.indices.map { try ErrorAttribution.maxMagnitude(snn[$0] - ann[$0], sample.keptTokens) }
                }
                return out
            }
        }
        var worst = [Int: [Double]]()
        for point in errors {
            for (T, layers) in point { worst[T] = zip(worst[T] ?? layers.map { _ in 0 }, layers).map { Swift.max($0, $1) } }
        }
        return worst
    }
}

/// One T: each layer's worst observed error over the domain's points, and the bound's ratio to it.
public struct DomainStep: Sendable, Codable, Equatable {
    public let T: Int
    public let layers: [DomainLayer]
}

public struct DomainLayer: Sendable, Codable, Equatable {
    public let layer: Int
    /// The largest max|SNN_l − ANN_l| over the points (Double runs).
    public let observed: Double
    /// B_l(T) / observed (nil when nothing was observed).
    public let ratio: Double?
}
