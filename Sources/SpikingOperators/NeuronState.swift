import Tensors

/// The per-element state every neuron keeps: the membrane V (V_0 configurable, 0 by default)
/// and the number of steps taken. Created on the first step with the input's shape.
public struct NeuronState<Scalar: SpikeScalar>: Sendable {
    public private(set) var membrane: Tensor<Scalar>?
    public private(set) var steps = 0
    let initialMembrane: Scalar

    init(initialMembrane: Scalar) {
        self.initialMembrane = initialMembrane
    }

    /// V_{t−1} + x_t, checking that every step has the first step's shape.
    mutating func integrate(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let previous = membrane ?? Tensor(shape: input.shape, repeating: initialMembrane)
        guard previous.shape == input.shape else {
            throw OperatorError.shapeMismatch("step \(steps + 1) has shape \(input.shape), the first had \(previous.shape)")
        }
        return try previous + input
    }

    /// V ← V_{t−1} + x_t in place, checking the shape first; then `fire` turns the membrane
    /// V⁻_t into V_t in place, and the step is counted. For the Double fast paths, whose firing
    /// cannot be undecided, so that a step never stops half-way.
    mutating func advanceInPlace<R>(_ input: Tensor<Scalar>, fire: (inout [Scalar]) -> R) throws -> R {
        if let membrane, membrane.shape != input.shape {
            throw OperatorError.shapeMismatch("step \(steps + 1) has shape \(input.shape), the first had \(membrane.shape)")
        }
        if membrane == nil { membrane = Tensor(shape: input.shape, repeating: initialMembrane) }
        try membrane! += input
        let result = fire(&membrane!.values)
        steps += 1
        return result
    }

    mutating func commit(_ newMembrane: Tensor<Scalar>) {
        membrane = newMembrane
        steps += 1
    }
}

/// A decision that interval arithmetic could not make yet.
func decided(_ order: Order?, _ what: @autoclosure () -> String) throws -> Order {
    guard let order else { throw OperatorError.undecided(what()) }
    return order
}
