import ExactArithmetic

/// Anything that bounds an error as a function of T, and can be weakened on purpose for
/// mutation tests.
public protocol StepBound: Sendable {
    func value(at steps: Int, mutation: BoundMutation?) throws -> Rational
}

extension DecayingBound: StepBound {}

extension StepBound {
    /// The bound at T, exactly.
    public func value(at steps: Int) throws -> Rational {
        try value(at: steps, mutation: nil)
    }

    /// The bound at each T of a grid.
    public func values(at grid: [Int]) throws -> [Rational] {
        try grid.map { try value(at: $0, mutation: nil) }
    }
}
