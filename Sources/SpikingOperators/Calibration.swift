import ExactArithmetic
import Tensors

/// ECMT's per-tensor calibration (spec §5): for each batch, p = the 99th percentile and
/// q = −(the 1st percentile) of the ANN activations; λ⁺ and λ⁻ are the running means of p and q
/// over the batches. How the percentile and the mean are taken is `Percentile`: as the public
/// code does (the default, spec §5: "where a paper and its public code differ, follow the
/// code"), or by interpolation in float64.
public struct ECMTCalibration: Sendable {
    /// How a batch's percentile is read and how the batches are averaged.
    public enum Percentile: String, Sendable, CaseIterable {
        /// The public code: the k-th smallest value with k = ⌊0.99·n⌋ (and ⌊0.01·n⌋ for the 1st
        /// percentile, at least 1), no interpolation, and a float32 running mean
        /// m_b = (m_{b−1}·(b−1) + x_b)/b, each operation rounded to float32.
        case kthValue = "kthvalue"
        /// numpy's and torch.quantile's default: linear interpolation between order statistics at
        /// q·(n − 1), and the mean of the batches in float64.
        case interpolated
    }

    /// What the percentile becomes.
    public enum Placement: String, Sendable, CaseIterable {
        /// The smallest level λ (the public ECMT code; the top level is then g^(n−1)·p).
        case smallestLevel = "smallest-level"
        /// The top level λ·g^(n−1) (the same authors' later code), so λ = p/g^(n−1).
        case topLevel = "top-level"
    }

    public let placement: Placement
    public let levels: Int
    public let gap: Double
    public let percentile: Percentile
    public private(set) var batches = 0
    var sumPositive = 0.0
    var sumNegative = 0.0
    /// The float32 running means (`kthValue`).
    var meanPositive: Float = 0
    var meanNegative: Float = 0

    public init(placement: Placement = .smallestLevel, levels: Int = 8, gap: Double = 2, percentile: Percentile = .kthValue) {
        self.placement = placement
        self.levels = levels
        self.gap = gap
        self.percentile = percentile
    }

    /// Adds one batch of activations; throws on an empty batch or a NaN/infinity.
    public mutating func observe(_ activations: [Double]) throws {
        guard !activations.isEmpty else { throw OperatorError.invalidParameter("an empty calibration batch") }
        guard activations.allSatisfy(\.isFinite) else {
            throw OperatorError.invalidParameter("a calibration batch holds NaN or infinity")
        }
        let sorted = activations.sorted()
        batches += 1
        switch percentile {
        case .interpolated:
            sumPositive += Self.percentile(sorted, 0.99)
            sumNegative += -Self.percentile(sorted, 0.01)
        case .kthValue:
            let b = Float(batches)
            let p = Float(Self.kthValue(sorted, 0.99)), q = Float(-Self.kthValue(sorted, 0.01))
            meanPositive = (meanPositive * (b - 1) + p) / b
            meanNegative = (meanNegative * (b - 1) + q) / b
        }
    }

    /// The k-th smallest value (1-based) with k = max(1, ⌊q·n⌋), as torch.kthvalue takes it.
    public static func kthValue(_ sorted: [Double], _ q: Double) -> Double {
        let k = Swift.max(1, Int((q * Double(sorted.count)).rounded(.down)))
        return sorted[Swift.min(k, sorted.count) - 1]
    }

    /// The quantile with linear interpolation between order statistics (numpy's and
    /// torch.quantile's default).
    public static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// (λ⁺, λ⁻): the smallest levels of the multi-threshold neuron. A side whose percentile is
    /// not positive gets a tiny positive λ (2^−20) so that the neuron stays valid.
    public func lambdas() throws -> (positive: Rational, negative: Rational) {
        guard batches > 0 else { throw OperatorError.invalidParameter("no calibration batches observed") }
        let scale = placement == .topLevel ? 1 / pow(gap, levels - 1) : 1
        func level(_ mean: Double) throws -> Rational {
            let value = mean * scale
            guard value.isFinite else {
                throw OperatorError.arithmetic("the calibrated level is \(value): the activations' percentiles overflow when averaged over the batches")
            }
            return value > 0 ? try Rational(exactly: value) : .powerOfTwo(-20)
        }
        switch percentile {
        case .interpolated: return (try level(sumPositive / Double(batches)), try level(sumNegative / Double(batches)))
        case .kthValue: return (try level(Double(meanPositive)), try level(Double(meanNegative)))
        }
    }

    func pow(_ base: Double, _ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<Swift.max(n, 0) { result *= base }
        return result
    }
}

/// STA's per-channel MMSE calibration (spec §5): θ* minimises ‖a − Q_T(a; θ)‖² over
/// θ ∈ {a_max·(1 − 0.005·i) : i = 0…94}, with Q_T(a; θ) = (θ/T)·⌊clamp(aT/θ, 0, T)⌋; across batches
/// θ is smoothed as an exponential moving average with factor 0.9.
public struct STACalibration: Sendable {
    public let timeSteps: Int
    /// What a batch with no positive activation gives a channel: 1 (a neuron that does not fire
    /// on such inputs), or 0 as the released STA code's rule gives (a_max = 0), which the EMA
    /// then mixes in and which, left at 0, makes a silent neuron (`silentWhereZero`).
    public let silentValue: Double
    public private(set) var thresholds: [Double]?

    public init(timeSteps: Int, silentAsZero: Bool = false) throws {
        guard timeSteps >= 1 else { throw OperatorError.invalidParameter("T must be ≥ 1, got \(timeSteps)") }
        self.timeSteps = timeSteps
        silentValue = silentAsZero ? 0 : 1
    }

    /// Adds one batch: `channels[c]` holds the activations of channel c.
    public mutating func observe(channels: [[Double]]) throws {
        if let thresholds, thresholds.count != channels.count {
            throw OperatorError.shapeMismatch("\(channels.count) channels, earlier batches had \(thresholds.count)")
        }
        let batch = try channels.map { try Self.bestThreshold($0, timeSteps, silent: silentValue) }
        if let previous = thresholds {
            thresholds = zip(previous, batch).map { 0.9 * $0 + 0.1 * $1 }
        } else {
            thresholds = batch
        }
    }

    /// The MMSE threshold of one channel (a channel with no positive activation keeps a_max = 0
    /// and gets θ = `silent`: 1 by default, a neuron that does not fire on such inputs).
    public static func bestThreshold(_ a: [Double], _ T: Int, silent: Double = 1) throws -> Double {
        guard a.allSatisfy(\.isFinite) else { throw OperatorError.invalidParameter("a calibration batch holds NaN or infinity") }
        guard let top = a.max(), top > 0 else { return silent }
        var best = top, bestError = Double.infinity
        for i in 0...94 {
            let theta = top * (1 - 0.005 * Double(i))
            let error = a.reduce(0.0) { sum, x in
                let q = theta / Double(T) * Swift.min(Swift.max(x * Double(T) / theta, 0), Double(T)).rounded(.down)
                return sum + (x - q) * (x - q)
            }
            if error < bestError {
                bestError = error
                best = theta
            }
        }
        return best
    }
}
