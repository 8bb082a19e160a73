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
    public internal(set) var state: NeuronState<Scalar>
    /// M, the total emitted so far, per element.
    public internal(set) var memory: Tensor<Scalar>?

    /// Per channel c: θ, the burst unit θ/2 (+ guard), and q·θ/2 for q = 0 … min(β, 64) at
    /// c·burstTableWidth + q (flat arrays, read in the step's loop without copies).
    let thetas: [Scalar]
    let burstUnits: [Scalar]
    let burstTable: [Scalar]
    let burstTableWidth: Int

    /// Per channel: whether it is silent (threshold 0 with `silentWhereZero`).
    let silent: [Bool]

    /// The guard of the public STA code, 1e-5 (exactly 1/100000).
    public static var referenceGuard: Rational { .fraction(1, 100_000) }

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
    ///
    /// With `silentWhereZero`, a threshold of 0 is allowed and makes its channel silent: it
    /// integrates its input and never fires (what the released STA code's threshold 0 does, for
    /// a channel its calibration never saw positive). Negative thresholds are refused either way.
    public init(
        thresholds: [Rational], burstLimit: Int = 2, signedWithMemory: Bool = true,
        burstGuard: Rational? = nil, initialMembrane: Rational = .zero, silentWhereZero: Bool = false
    ) throws {
        guard !thresholds.isEmpty else { throw OperatorError.invalidParameter("a signed burst neuron needs a threshold") }
        for (c, theta) in thresholds.enumerated() where theta.sign < 0 || (theta.sign == 0 && !silentWhereZero) {
            let bound = silentWhereZero ? "≥ 0" : "> 0"
            throw OperatorError.invalidParameter(
                thresholds.count == 1 ? "threshold \(theta) must be \(bound)" : "threshold \(theta) of channel \(c) must be \(bound)")
        }
        silent = thresholds.map { $0.sign == 0 }
        guard burstLimit >= 0 else { throw OperatorError.invalidParameter("burstLimit \(burstLimit) must be ≥ 0") }
        if let burstGuard, burstGuard.sign < 0 {
            throw OperatorError.invalidParameter("burst guard \(burstGuard) must be ≥ 0")
        }
        self.thresholds = thresholds
        self.burstLimit = burstLimit
        self.signedWithMemory = signedWithMemory
        self.burstGuard = burstGuard
        state = NeuronState(initialMembrane: Scalar(initialMembrane))
        let width = min(burstLimit, 64) + 1
        thetas = thresholds.map { Scalar($0) }
        burstUnits = thresholds.map { Scalar($0.timesPowerOfTwo(-1) + (burstGuard ?? .zero)) }
        burstTable = thresholds.flatMap { theta in (0..<width).map { Scalar(theta.timesPowerOfTwo(-1) * Rational($0)) } }
        burstTableWidth = width
    }

    /// The single threshold (the first channel's).
    public var threshold: Rational { thresholds[0] }

    /// One step: integrate, fire the base spike ±θ, then the burst, and subtract both.
    public mutating func step(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        if Scalar.self == Double.self { return try doubleStep(input) }
        return try genericStep(input)
    }

    /// The step in any arithmetic, the definition the Double fast path is tested against.
    mutating func genericStep(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        if thresholds.count > 1, input.rowLength != thresholds.count {
            throw OperatorError.shapeMismatch("input rows of \(input.rowLength) for \(thresholds.count) channel thresholds")
        }
        let v = try state.integrate(input)
        let t = state.steps + 1
        var m = memory?.values ?? Array(repeating: .zero, count: v.count)
        var next = v.values
        var out = [Scalar](repeating: .zero, count: v.count)
        let perChannel = thresholds.count > 1
        let thetas = self.thetas, units = burstUnits, table = burstTable, width = burstTableWidth, channels = thresholds.count
        for i in v.values.indices {
            let c = perChannel ? i % channels : 0
            let theta = thetas[c]
            var vi = v.values[i]
            if silent[c] {
                next[i] = vi  // integrates, never fires: out[i] stays 0, M unchanged
                continue
            }
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
            guard let q = (negative ? -r : r).floorDivided(by: units[c], atMost: burstLimit) else {
                if !(r.approximation.magnitude < 1e15) {
                    throw OperatorError.arithmetic("signed burst neuron element \(i) at step \(t): residue \(r.approximation) is too large to count bursts")
                }
                throw OperatorError.undecided("burst count of " + "signed burst neuron element \(i) at step \(t)")
            }
            if q > 0 {
                let magnitude = q < width ? table[c * width + q] : Scalar(thresholds[c].timesPowerOfTwo(-1) * Rational(q))
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
