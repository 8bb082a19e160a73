import ExactArithmetic
import SpikingOperators

/// The targeted search for neurons: input sequences of length T in a domain, moved towards
/// the values that matter (the ends, 0, the firing bounds and ties, points just beside them).
public struct NeuronSearch: Sendable {
    public let model: NeuronModel
    public let domain: Interval
    public let steps: Int
    /// Values the search prefers: the domain's ends, 0, and the model's firing bounds ± a
    /// tiny amount, all inside the domain.
    public let specialValues: [Rational]

    public init(model: NeuronModel, domain: Interval, steps: Int) throws {
        guard steps >= 1 else { throw BoundError.invalidParameter("T must be ≥ 1, got \(steps)") }
        self.model = model
        self.domain = domain
        self.steps = steps
        var values = [domain.lo, domain.hi, .zero]
        let tiny = Rational.powerOfTwo(-20)
        for v in model.firingBounds {
            for w in [v, -v, v - tiny, -v + tiny, v + tiny, -v - tiny] { values.append(w) }
        }
        specialValues = Array(Set(values.filter { domain.contains($0) })).sorted()
    }

    /// The worst observed/bound found from `starts` random and structured starts.
    public func worst<R: RandomNumberGenerator>(
        rounds: Int, using rng: inout R, mutation: BoundMutation? = nil, closedFormOnly: Bool = false
    ) throws -> (inputs: [Rational], ratio: ObservedRatio) {
        let bound = closedFormOnly
            ? try model.closedFormBound(over: domain).value(at: steps, mutation: mutation)
            : try model.bound(over: domain).value(at: steps, mutation: mutation)
        var starts = specialValues.map { [Rational](repeating: $0, count: steps) }
        for v in specialValues {  // zeros (or an end) then one special value: the sharpness inputs of MT-1′
            var x = [Rational](repeating: domain.contains(Rational.zero) ? Rational.zero : domain.lo, count: steps)
            x[steps - 1] = v
            starts.append(x)
        }
        for _ in 0..<8 { starts.append((0..<steps).map { _ in randomValue(&rng) }) }
        let best = try RatioSearch.hillClimb(
            starts: starts, rounds: rounds, using: &rng,
            neighbour: { x, rng in
                var y = x
                let moves = Int.random(in: 1...3, using: &rng)
                for _ in 0..<moves {
                    let position = Int.random(in: 0..<steps, using: &rng)
                    switch Int.random(in: 0...3, using: &rng) {
                    case 0: y[position] = specialValues.randomElement(using: &rng) ?? domain.lo
                    case 1: y = [Rational](repeating: y[position], count: steps)
                    default: y[position] = randomValue(&rng)
                    }
                }
                return y
            },
            score: { candidates in
                try model.meanErrors(candidates).map { ObservedRatio(observed: $0, bound: bound) }
            })
        return (best.candidate, best.ratio)
    }

    /// A random point of the domain on a grid of 1/1024 of its width.
    func randomValue<R: RandomNumberGenerator>(_ rng: inout R) -> Rational {
        let k = Int.random(in: 0...1024, using: &rng)
        return domain.lo + domain.width * Rational(k) * Rational.powerOfTwo(-10)
    }
}

extension NeuronModel {
    /// The values of the input at which the neuron's decisions change (for searches).
    var firingBounds: [Rational] {
        switch self {
        case .integrateAndFire(let threshold, _):
            return [threshold, threshold.timesPowerOfTwo(-1)]
        case .multiThreshold(let lp, let ln, let levels, let gap, let rule):
            // The neuron's own levels and firing bounds, both signs.
            let steps = [lp, ln].flatMap { (try? MultiThresholdNeuron<Rational>.ladder($0, levels, gap, rule)) ?? [] }
            return steps.flatMap { [$0.level, $0.bound] }
        case .signedBurst(let threshold, let burstLimit):
            let half = threshold.timesPowerOfTwo(-1)
            return (0...(burstLimit + 2)).map { half * Rational($0) }
        }
    }
}
