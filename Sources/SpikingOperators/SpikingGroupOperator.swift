import ExactArithmetic
import Tensors

/// A group operator in spiking mode: the hidden unit i receives z_i(t) = W₁[i]·x_t + b₁[i] at every
/// step, an IF neuron with threshold θ_i turns it into spikes s_i(t) ∈ {0, θ_i}, and the output
/// is y_t = b₂ + Σ_i W₂[i]·s_i(t). The mean output over T steps approximates g(mean x).
///
/// Thresholds: by default θ_i = max(z_i(a), z_i(b), 0) over the input domain [a, b] (z_i is
/// linear, so that is its maximum), which is the smallest threshold at which unit i never
/// saturates on the domain (an IF neuron emits at most θ_i per step); a unit that is never
/// active on [a, b] gets θ_i = 1 and never fires. Explicit thresholds (e.g. from STA's MMSE
/// calibration) can be given instead.
public struct SpikingGroupOperator<Scalar: SpikeScalar>: Sendable {
    public let group: GroupOperator
    public let thresholds: [Rational]
    let thetas: [Scalar]
    let values: GroupOperatorValues<Scalar>
    /// V of every unit and element, unit-major (unit i's element e at i·count + e).
    private var membrane: [Scalar] = []
    private var shape: [Int]?
    public private(set) var steps = 0

    public init(_ group: GroupOperator, thresholds: [Rational]) throws {
        guard thresholds.count == group.hiddenUnits else {
            throw OperatorError.shapeMismatch("\(thresholds.count) thresholds for \(group.hiddenUnits) hidden units")
        }
        self.group = group
        self.thresholds = thresholds
        for (i, theta) in thresholds.enumerated() where theta.sign <= 0 {
            throw OperatorError.invalidParameter("threshold \(theta) of hidden unit \(i) must be > 0")
        }
        thetas = thresholds.map { Scalar($0) }
        values = GroupOperatorValues(group)
    }

    /// Thresholds θ_i = max(z_i(a), z_i(b), 0), or 1 for a unit never active on [a, b].
    public static func domainThresholds(_ group: GroupOperator, domain a: Rational, _ b: Rational) -> [Rational] {
        (0..<group.hiddenUnits).map { i in
            let top = Swift.max(group.w1[i] * a + group.b1[i], group.w1[i] * b + group.b1[i])
            return top.sign > 0 ? top : .one
        }
    }

    /// One step on a tensor of inputs (each element its own group of neurons). Per unit i and
    /// element e, in this order: V ← V + (W₁[i]·x + b₁[i]); s = θ_i when V ≥ θ_i, else 0;
    /// V ← V − s; y ← y + s·W₂[i], starting from y = b₂. These are the operations of an
    /// IFNeuron per unit (spec §1.1), fused into one pass over each unit's membranes.
    public mutating func step(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let n = x.count, units = group.hiddenUnits
        if let shape {
            guard shape == x.shape else {
                throw OperatorError.shapeMismatch("step \(steps + 1) has shape \(x.shape), the first had \(shape)")
            }
        } else {
            shape = x.shape
            membrane = [Scalar](repeating: .zero, count: units * n)
        }
        let t = steps + 1, values = self.values, thetas = self.thetas, name = group.name
        if Scalar.self == Double.self {
            // The same operations in a branch-free Double kernel (same-type reinterpretations).
            var v = unsafeBitCast(membrane, to: [Double].self)
            membrane = []
            let (y, bad) = DoubleKernels.groupOperatorStep(
                membrane: &v, input: unsafeBitCast(x.values, to: [Double].self), w1: unsafeBitCast(values.w1, to: [Double].self),
                b1: unsafeBitCast(values.b1, to: [Double].self), w2: unsafeBitCast(values.w2, to: [Double].self),
                thetas: unsafeBitCast(thetas, to: [Double].self), b2: unsafeBitCast(values.b2, to: Double.self))
            membrane = unsafeBitCast(v, to: [Scalar].self)
            if let bad {
                throw OperatorError.arithmetic("\(name) unit \(bad.unit) element \(bad.element) at step \(t): the membrane is not finite")
            }
            steps = t
            return try Tensor(shape: x.shape, values: unsafeBitCast(y, to: [Scalar].self))
        }
        var output = [Scalar](repeating: values.b2, count: n)
        try membrane.withUnsafeMutableBufferPointer { v in
            try output.withUnsafeMutableBufferPointer { y in
                try x.values.withUnsafeBufferPointer { x in
                    for i in 0..<units {
                        let w1 = values.w1[i], b1 = values.b1[i], w2 = values.w2[i], theta = thetas[i], base = i * n
                        for e in 0..<n {
                            let u = v[base + e] + (w1 * x[e] + b1)
                            if try decided(u.order(theta), "\(name) unit \(i) element \(e) at step \(t)") != .less {
                                v[base + e] = u - theta
                                y[e] = y[e] + theta * w2
                            } else {
                                v[base + e] = u  // no spike: V − 0 and y + 0·W₂ change nothing
                            }
                        }
                    }
                }
            }
        }
        steps = t
        return try Tensor(shape: x.shape, values: output)
    }

    /// The membranes of the hidden units' neurons, one tensor per unit (nil before the first step).
    public var membranes: [Tensor<Scalar>?] {
        guard let shape else { return Array(repeating: nil, count: group.hiddenUnits) }
        let n = membrane.count / max(group.hiddenUnits, 1)
        return (0..<group.hiddenUnits).map { i in try? Tensor(shape: shape, values: Array(membrane[(i * n)..<((i + 1) * n)])) }
    }
}
