import ExactArithmetic

/// A neuron's bound over a domain: the smaller of the closed form (B-IF, B-MT, B-SB, which also
/// names saturation) and the reachable-membrane bound (B-REACH, IF and multi-threshold only).
/// Both are certified, so their minimum is.
public struct NeuronBound: StepBound {
    public let closedForm: DecayingBound
    public let reach: MembraneReach?

    public var findings: [BoundFinding] { closedForm.findings }

    public func value(at steps: Int, mutation: BoundMutation?) throws -> Rational {
        try values(at: [steps], mutation: mutation)[0]
    }

    public func values(at grid: [Int], mutation: BoundMutation? = nil) throws -> [Rational] {
        let closed = try grid.map { try closedForm.value(at: $0, mutation: mutation) }
        guard let reach else { return closed }
        let reached = try reach.bounds(at: grid, mutation: mutation)
        return zip(closed, reached).map { Swift.min($0, $1) }
    }
}

extension NeuronModel {
    /// The bound used everywhere: min(closed form, reachable membrane).
    public func bound(over domain: Interval) throws -> NeuronBound {
        NeuronBound(closedForm: try closedFormBound(over: domain), reach: try MembraneReach(self, domain: domain))
    }
}
