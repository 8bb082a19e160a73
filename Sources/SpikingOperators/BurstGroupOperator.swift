import ExactArithmetic
import Tensors

/// A group operator in spiking mode whose hidden units are STA's signed burst neurons with
/// memory (spec §1.3), as the released STA pipeline converts its GELU and 1/√x operators: unit
/// i receives z_i(t) = W₁[i]·x_t + b₁[i] at every step, its neuron emits s_i(t), and the output
/// is y_t = b₂ + Σ_i W₂[i]·s_i(t). By N-1 per unit, Σ_t s_i(t) = Σ_t z_i(t) − V_i(T), so the mean
/// output over T steps is b₂ + Σ_i W₂[i]·(z_i(mean x) − V_i(T)/T) (N-1 per unit).
///
/// Thresholds are per unit and, optionally, per channel (the last axis of x): `thresholds[i]`
/// holds one value for every element or one per channel, as STA's MMSE calibration gives.
public struct BurstGroupOperator<Scalar: SpikeScalar>: Sendable {
    public let group: GroupOperator
    public private(set) var units: [SignedBurstNeuron<Scalar>]
    let values: GroupOperatorValues<Scalar>
    public private(set) var steps = 0

    /// `silentWhereZero`: a threshold of 0 makes a silent unit (SignedBurstNeuron).
    public init(
        _ group: GroupOperator, thresholds: [[Rational]], burstLimit: Int = 2, burstGuard: Rational? = nil,
        silentWhereZero: Bool = false
    ) throws {
        guard thresholds.count == group.hiddenUnits else {
            throw OperatorError.shapeMismatch("\(thresholds.count) threshold sets for \(group.hiddenUnits) hidden units")
        }
        self.group = group
        units = try thresholds.enumerated().map { i, theta in
            do {
                return try SignedBurstNeuron(
                    thresholds: theta, burstLimit: burstLimit, burstGuard: burstGuard, silentWhereZero: silentWhereZero)
            } catch let OperatorError.invalidParameter(what) {
                throw OperatorError.invalidParameter("hidden unit \(i) of \(group.name): \(what)")
            }
        }
        values = GroupOperatorValues(group)
    }

    /// One step on a tensor of inputs (each element its own group of neurons).
    public mutating func step(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        if Scalar.self == Double.self { return try doubleStep(x) }
        return try genericStep(x)
    }

    /// The step in any arithmetic, the definition the Double path is tested against.
    mutating func genericStep(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        var output = Tensor(shape: x.shape, repeating: values.b2)
        for i in units.indices {
            let w1 = values.w1[i], b1 = values.b1[i], w2 = values.w2[i]
            let z = x.map { w1 * $0 + b1 }
            let s: Tensor<Scalar>
            do { s = try units[i].step(z) } catch let error as OperatorError {
                throw error.prefixed("\(group.name) unit \(i): ")
            }
            for e in output.values.indices where s.values[e].order(.zero) != .equal {
                output.values[e] = output.values[e] + w2 * s.values[e]
            }
        }
        steps += 1
        return output
    }

    /// `step` in Double: the same operations in the same order (z = W₁[i]·x + b₁[i], the unit's
    /// step, y ← y + W₂[i]·s for each non-zero spike, from y = b₂), on plain arrays
    /// (same-type reinterpretations), so the same bits (BurstGroupOperatorTests).
    mutating func doubleStep(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let cast = { (v: [Scalar]) in unsafeBitCast(v, to: [Double].self) }
        let input = cast(x.values), w1 = cast(values.w1), b1 = cast(values.b1), w2 = cast(values.w2)
        var output = [Double](repeating: unsafeBitCast(values.b2, to: Double.self), count: input.count)
        for i in units.indices {
            let a = w1[i], b = b1[i], c = w2[i]
            let z = try Tensor(shape: x.shape, values: unsafeBitCast(input.map { a * $0 + b }, to: [Scalar].self))
            let s: [Double]
            do { s = cast(try units[i].step(z).values) } catch let error as OperatorError {
                throw error.prefixed("\(group.name) unit \(i): ")
            }
            output.withUnsafeMutableBufferPointer { y in
                s.withUnsafeBufferPointer { s in
                    for e in 0..<y.count where s[e] != 0 { y[e] = y[e] + c * s[e] }
                }
            }
        }
        steps += 1
        return try Tensor(shape: x.shape, values: unsafeBitCast(output, to: [Scalar].self))
    }
}

extension OperatorError {
    /// The same error with `prefix` in front of its description.
    public func prefixed(_ prefix: String) -> OperatorError {
        switch self {
        case .undecided(let what): .undecided(prefix + what)
        case .shapeMismatch(let what): .shapeMismatch(prefix + what)
        case .invalidParameter(let what): .invalidParameter(prefix + what)
        case .notRepresentable(let what): .notRepresentable(prefix + what)
        case .arithmetic(let what): .arithmetic(prefix + what)
        }
    }
}
