import ExactArithmetic
import Tensors

/// STA's signed neuron with memory and bursts (spec §1.3). Identity N-1; the emitted
/// total M never goes negative when `signedWithMemory` is true.
public struct SignedBurstNeuron<Scalar: SpikeScalar>: Sendable {
    public let threshold: Rational
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

    let theta: Scalar
    let burstUnit: Scalar
    /// q·θ/2 for q = 0 … min(β, 64), so that a step builds no value (larger q are computed).
    let bursts: [Scalar]

    /// The guard of the public STA code.
    public static var referenceGuard: Rational { (try? Rational(parsing: "1e-5")) ?? .zero }

    public init(
        threshold: Rational, burstLimit: Int = 2, signedWithMemory: Bool = true,
        burstGuard: Rational? = nil, initialMembrane: Rational = .zero
    ) throws {
        guard threshold.sign > 0 else { throw OperatorError.invalidParameter("threshold \(threshold) must be > 0") }
        guard burstLimit >= 0 else { throw OperatorError.invalidParameter("burstLimit \(burstLimit) must be ≥ 0") }
        if let burstGuard, burstGuard.sign < 0 {
            throw OperatorError.invalidParameter("burst guard \(burstGuard) must be ≥ 0")
        }
        self.threshold = threshold
        self.burstLimit = burstLimit
        self.signedWithMemory = signedWithMemory
        self.burstGuard = burstGuard
        state = NeuronState(initialMembrane: Scalar(initialMembrane))
        theta = Scalar(threshold)
        burstUnit = Scalar(threshold.timesPowerOfTwo(-1) + (burstGuard ?? .zero))
        bursts = (0...min(burstLimit, 64)).map { Scalar(threshold.timesPowerOfTwo(-1) * Rational($0)) }
    }

    public mutating func step(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let v = try state.integrate(input)
        let t = state.steps + 1
        var m = memory?.values ?? Array(repeating: .zero, count: v.count)
        var next = v.values
        var out = [Scalar](repeating: .zero, count: v.count)
        for i in v.values.indices {
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
            guard let count = (negative ? -r : r).floorDivided(by: burstUnit) else {
                throw OperatorError.undecided("burst count of " + "signed burst neuron element \(i) at step \(t)")
            }
            let q = min(count, burstLimit)
            if q > 0 {
                let magnitude = q < bursts.count ? bursts[q] : Scalar(threshold.timesPowerOfTwo(-1) * Rational(q))
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
