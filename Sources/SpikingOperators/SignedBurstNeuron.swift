import ExactArithmetic
import Tensors

/// STA's signed neuron with memory and bursts (spec §1.3). Identity N-1 and SB-M.
///
/// The threshold is one value, or one per channel (the last axis), as STA's per-channel
/// calibration gives.
public struct SignedBurstNeuron<Scalar: SpikeScalar>: Sendable {
    /// The thresholds, one per channel (a single value applies to every element).
    public let thresholds: [Rational]
    public let burstLimit: Int
    /// Signed spikes bounded by the memory M. When false, the neuron emits no negative spikes
    /// and bursts only from a positive residue.
    public let signedWithMemory: Bool
    /// Added to θ/2 when counting bursts: nil for the exact rule, 10⁻⁵ to reproduce the
    /// public STA code's floating-point guard (⌊|r|/(θ/2 + 10⁻⁵)⌋).
    public let burstGuard: Rational?
    public private(set) var state: NeuronState<Scalar>
    /// M, the total emitted so far, per element.
    public private(set) var memory: Tensor<Scalar>?

    /// Per channel: θ, the burst unit θ/2 (+ guard), and q·θ/2 for q = 0 … min(β, 64).
    let channels: [Channel]

    struct Channel: Sendable {
        let theta: Scalar
        let burstUnit: Scalar
        let bursts: [Scalar]
    }

    /// The guard of the public STA code.
    public static var referenceGuard: Rational { (try? Rational(parsing: "1e-5")) ?? .zero }

    /// A neuron with one threshold for every element.
    public init(
        threshold: Rational, burstLimit: Int = 2, signedWithMemory: Bool = true,
        burstGuard: Rational? = nil, initialMembrane: Rational = .zero
    ) throws {
        try self.init(
            thresholds: [threshold], burstLimit: burstLimit, signedWithMemory: signedWithMemory,
            burstGuard: burstGuard, initialMembrane: initialMembrane)
    }

    /// A neuron with one threshold per channel: element i of a row uses `thresholds[i]`.
    public init(
        thresholds: [Rational], burstLimit: Int = 2, signedWithMemory: Bool = true,
        burstGuard: Rational? = nil, initialMembrane: Rational = .zero
    ) throws {
        guard !thresholds.isEmpty else { throw OperatorError.invalidParameter("a signed burst neuron needs a threshold") }
        for (c, theta) in thresholds.enumerated() where theta.sign <= 0 {
            throw OperatorError.invalidParameter(
                thresholds.count == 1 ? "threshold \(theta) must be > 0" : "threshold \(theta) of channel \(c) must be > 0")
        }
        guard burstLimit >= 0 else { throw OperatorError.invalidParameter("burstLimit \(burstLimit) must be ≥ 0") }
        if let burstGuard, burstGuard.sign < 0 {
            throw OperatorError.invalidParameter("burst guard \(burstGuard) must be ≥ 0")
        }
        self.thresholds = thresholds
        self.burstLimit = burstLimit
        self.signedWithMemory = signedWithMemory
        self.burstGuard = burstGuard
        state = NeuronState(initialMembrane: Scalar(initialMembrane))
        channels = thresholds.map { theta in
            let half = theta.timesPowerOfTwo(-1)
            return Channel(
                theta: Scalar(theta), burstUnit: Scalar(half + (burstGuard ?? .zero)),
                bursts: (0...min(burstLimit, 64)).map { Scalar(half * Rational($0)) })
        }
    }

    /// The single threshold (the first channel's).
    public var threshold: Rational { thresholds[0] }

    public mutating func step(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        if channels.count > 1, input.rowLength != channels.count {
            throw OperatorError.shapeMismatch("input rows of \(input.rowLength) for \(channels.count) channel thresholds")
        }
        let v = try state.integrate(input)
        let t = state.steps + 1
        var m = memory?.values ?? Array(repeating: .zero, count: v.count)
        var next = v.values
        var out = [Scalar](repeating: .zero, count: v.count)
        let perChannel = channels.count > 1
        for i in v.values.indices {
            let channel = channels[perChannel ? i % channels.count : 0]
            let theta = channel.theta
            var vi = v.values[i]
            // Base spike.
            var base = Scalar.zero
            if try decided(vi.order(theta), "signed burst neuron element \(i) at step \(t)") != .less {
                base = theta
            } else if signedWithMemory,
                try decided(vi.order(-theta), "signed burst neuron element \(i) at step \(t)") != .greater,
                try decided(m[i].order(.zero), "signed burst neuron element \(i) at step \(t)") == .greater
            {
                base = -theta
            }
            vi = vi - base
            m[i] = m[i] + base
            // Burst: r = max(−M, V) (or max(V, 0) without memory), q = sign(r)·⌊|r|/(θ/2)⌋ in [−β, β].
            var r = vi
            if signedWithMemory {
                if try decided(r.order(-m[i]), "signed burst neuron element \(i) at step \(t)") == .less { r = -m[i] }
            } else if try decided(r.order(.zero), "signed burst neuron element \(i) at step \(t)") == .less {
                r = .zero
            }
            let negative = try decided(r.order(.zero), "signed burst neuron element \(i) at step \(t)") == .less
            guard let count = (negative ? -r : r).floorDivided(by: channel.burstUnit) else {
                if !(r.approximation.magnitude < 1e15) {
                    throw OperatorError.arithmetic("signed burst neuron element \(i) at step \(t): residue \(r.approximation) is too large to count bursts")
                }
                throw OperatorError.undecided("burst count of " + "signed burst neuron element \(i) at step \(t)")
            }
            let q = min(count, burstLimit)
            if q > 0 {
                let threshold = thresholds[perChannel ? i % channels.count : 0]
                let magnitude = q < channel.bursts.count ? channel.bursts[q] : Scalar(threshold.timesPowerOfTwo(-1) * Rational(q))
                let burst = negative ? -magnitude : magnitude
                vi = vi - burst
                m[i] = m[i] + burst
                out[i] = base + burst
            } else {
                out[i] = base
            }
            next[i] = vi
        }
        state.commit(try Tensor(shape: v.shape, values: next))
        memory = try Tensor(shape: v.shape, values: m)
        return try Tensor(shape: v.shape, values: out)
    }
}
