import ExactArithmetic
import SpikingOperators

/// The quantisation error of a group operator in spiking mode (IF hidden units with
/// thresholds θ_i, V_0 = 0) when its inputs x_t vary in [a, b]: the mean output at T against
/// g(x̄_T) in ANN mode. Unit i sees z_i(t) = W₁[i]x_t + b₁[i] ∈ Z_i = z_i([a, b]):
/// - Z_i ≤ 0: the unit never fires and ReLU(z̄_i) = 0, so it adds nothing;
/// - otherwise its error against ReLU(z̄_i) is at most the IF bound of B-IF over Z_i.
/// So |ȳ_T − g(x̄_T)| ≤ Σ_i |W₂[i]|·B_IF(θ_i, Z_i)(T). Theorem B-GQ.
public struct SpikingGroupBound: StepBound {
    public let group: GroupOperator
    public let thresholds: [Rational]
    /// The per-unit IF bounds (nil for units never active on the domain).
    public let units: [DecayingBound?]
    public let findings: [BoundFinding]

    public init(_ group: GroupOperator, thresholds: [Rational], domain: Interval) throws {
        guard thresholds.count == group.hiddenUnits else {
            throw BoundError.invalidParameter("\(thresholds.count) thresholds for \(group.hiddenUnits) hidden units")
        }
        self.group = group
        self.thresholds = thresholds
        var units = [DecayingBound?]()
        var saturated = 0
        for i in 0..<group.hiddenUnits {
            let ends = [group.w1[i] * domain.lo + group.b1[i], group.w1[i] * domain.hi + group.b1[i]]
            let z = try Interval(ends.min()!, ends.max()!)
            if z.hi.sign <= 0 { units.append(nil); continue }
            let unit = try NeuronBounds.integrateAndFire(threshold: thresholds[i], signed: false, domain: z)
            if unit.findings.contains(where: { $0.kind == .saturation }) { saturated += 1 }
            units.append(unit)
        }
        self.units = units
        findings = saturated == 0 ? [] : [BoundFinding(.saturation, site: group.name,
            "\(saturated) of \(group.hiddenUnits) hidden units have inputs above their thresholds on \(domain)")]
    }

    public func value(at steps: Int, mutation: BoundMutation?) throws -> Rational {
        var total = Rational.zero
        for (i, unit) in units.enumerated() {
            guard let unit else { continue }
            total += group.w2[i].magnitude * (try unit.value(at: steps, mutation: mutation))
        }
        return total
    }
}
