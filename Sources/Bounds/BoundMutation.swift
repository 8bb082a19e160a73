/// Deliberate weakenings of a bound, for mutation tests: a correct test suite must find an
/// input that the weakened bound does not cover, for every mutant. Nothing outside the tests
/// and `spikebound bound --mutant` evaluates a bound with a mutation.
public enum BoundMutation: String, Sendable, CaseIterable, Codable {
    /// Drop the transient part c/T.
    case dropTransient = "drop-transient"
    /// Drop the persistent part (the saturation term).
    case dropPersistent = "drop-persistent"
    /// Use T + 1 for T.
    case nextStep = "next-step"
    /// Halve the constant (c/2, or half the Lipschitz constant).
    case halveConstant = "halve-constant"
    /// Drop the second term of a max (the other side of a neuron, the other sign).
    case dropSecondTerm = "drop-second-term"
    /// Drop the product of the two input errors in a product bound.
    case dropCrossTerm = "drop-cross-term"
}
