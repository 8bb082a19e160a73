import ExactArithmetic
import SpikingOperators
import Tensors

/// What the a priori analysis knows about the multi-threshold neuron at one ECMT site, from the
/// hull [a, b] of every per-step input it can receive (B-STEP): a box holding its membrane at
/// every step, and its mean-error bound B(T), the smaller of B-MT and B-REACH.
public struct SiteNeuronBound: Sendable {
    /// The hull of the per-step inputs over all entries, steps and inputs of the domain.
    public let hull: Interval
    /// B-MT over the hull (it names any saturation).
    public let closedForm: DecayingBound
    /// B-REACH's [L_t, U_t] for t = 1, 2, …, up to a fixed point or `reachLimit` steps.
    let reach: [Interval]
    /// Whether `reach` ended at a fixed point, so that [L_t, U_t] is its last entry for every later t.
    let reachIsStable: Bool
    /// A box holding the membrane V_t at every step t ≥ 0, or nil when none is known (the
    /// neuron may saturate and its reach did not settle).
    public let membrane: Interval?
    public let topPositive: Rational
    public let topNegative: Rational

    /// Steps of B-REACH computed before giving up on a fixed point.
    static let reachLimit = 1024

    public init(neuron: MultiThresholdNeuron<Rational>, hull: Interval) throws {
        self.hull = hull
        let model = NeuronModel.multiThreshold(
            lambdaPositive: neuron.lambdaPositive, lambdaNegative: neuron.lambdaNegative, levels: neuron.levels,
            gap: neuron.gap, rule: neuron.rule)
        let closedForm = try model.closedFormBound(over: hull)
        self.closedForm = closedForm
        topPositive = neuron.topPositive
        topNegative = neuron.topNegative
        var reach = [Interval](), stable = false
        if let map = try MembraneReach(model, domain: hull) {
            reach = try map.membranes(through: Self.reachLimit)
            if let k = reach.indices.dropLast().first(where: { reach[$0] == reach[$0 + 1] }) {
                reach = Array(reach[...k])
                stable = true
            }
        }
        self.reach = reach
        reachIsStable = stable
        // B-MT's transient parts bound V_t on each side when nothing saturates (B-STEP (a)).
        var box: Interval? = nil
        if !closedForm.terms.contains(where: { !$0.primary.persistent.isZero }) {
            func transient(_ side: DecayingBound.Side) -> Rational {
                closedForm.terms.filter { $0.side == side }.reduce(Rational.zero) { Swift.max($0, $1.primary.transient) }
            }
            box = try Interval(-transient(.below), transient(.above))
        }
        if stable, let settled = Interval.hull(reach + [Interval(.zero)]) {
            box = box.map { $0.intersection(settled) ?? settled } ?? settled
        }
        membrane = box
    }

    /// Whether B-MT names a saturation over the hull.
    public var findings: [BoundFinding] { closedForm.findings }

    /// Where a spike can lie at any step when the input lies in `box` at every step:
    /// s_t = x_t + V_{t−1} − V_t with both membranes in `membrane` (B-STEP (a)); always within
    /// [−top⁻, top⁺]; exactly 0 when the input is always 0 (the membrane never leaves 0).
    public func spikes(_ box: Interval) throws -> Interval {
        if box.isPoint && box.lo.isZero { return box }
        let levels = try Interval(-topNegative, topPositive)
        guard let v = membrane else { return levels }
        return (box + v - v).intersection(levels) ?? levels
    }

    /// B(T) = min(B-MT at T, max(U_T, −L_T)/T by B-REACH where known).
    public func bound(at steps: Int) throws -> Rational {
        let closed = try closedForm.value(at: steps, mutation: nil)
        let index = steps <= reach.count ? steps - 1 : (reachIsStable ? reach.count - 1 : nil)
        guard let index else { return closed }
        return Swift.min(closed, try reach[index].magnitude / Rational(steps))
    }

    /// The injected perturbation at T (B-INJ): |δ| ≤ B(T), and exactly 0 for an input that is
    /// always 0. The radius is rounded up to a dyadic (`APrioriBound.injectionBox`).
    public func injection(_ box: Interval, steps: Int) throws -> Interval {
        if box.isPoint && box.lo.isZero { return box }
        return try APrioriBound.injectionBox(radius: try bound(at: steps))
    }
}
