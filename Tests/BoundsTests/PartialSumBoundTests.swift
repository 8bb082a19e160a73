import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import SpikingOperators
import Tensors
import Testing

/// B-PSUM: exact runs of multi-threshold neurons on inputs whose partial sums stay within D_t of
/// t·μ (x_t = μ + r_t − r_{t−1}, |r_t| ≤ D_t), with μ on a top level, past it, on a firing tie or
/// inside, and deviations from 0 to several top levels, so that single steps overshoot the top.
@Suite("Partial-sum neuron bound (B-PSUM)")
struct PartialSumBoundTests {
    /// A multi-threshold neuron with edge parameters, both rules.
    static var neuron: AnyGen<MultiThresholdNeuron<Rational>> {
        zip(BoundGen.positive, BoundGen.positive, Gen.int(in: 1...8), Gen.int(in: 0...3), Gen.bool).map { p, q, n, k, nearest in
            let gap = [Rational(2), Rational.fraction(3, 2), Rational(3), Rational.fraction(5, 4)][k]
            // The generator's values are valid parameters, so this cannot fail.
            return try! MultiThresholdNeuron<Rational>(
                lambdaPositive: p, lambdaNegative: q, levels: n, gap: gap, rule: nearest ? .nearest : .ecmt)
        }.eraseToAny()
    }

    /// μ: zero, a top level exactly, just past or inside it, half of it, a firing tie.
    static func mean(_ neuron: MultiThresholdNeuron<Rational>, _ kind: Int) -> Rational {
        let up = neuron.topPositive, down = neuron.topNegative
        switch kind % 8 {
        case 0: return .zero
        case 1: return up
        case 2: return -down
        case 3: return up * Rational.fraction(17, 16)  // the mean itself saturates
        case 4: return up * Rational.fraction(15, 16)
        case 5: return neuron.lambdaPositive.timesPowerOfTwo(-1)  // a tie of the lowest level
        case 6: return -down.timesPowerOfTwo(-1)
        default: return up.timesPowerOfTwo(-1)
        }
    }

    /// The deviation r_t for recipe `r` at step t (t ≥ 1), |r_t| ≤ size: ±size, 0, a jump from
    /// −size to +size, or a random multiple of size/16.
    static func deviation(_ r: [Int], _ t: Int, _ steps: Int, _ size: Rational) -> Rational {
        switch r[0] % 5 {
        case 0: return t % 2 == 0 ? size : -size
        case 1: return t <= max(1, r[1] % steps) ? -size : size
        case 2: return .zero
        case 3: return t == steps ? size : -size
        default: return size * Rational.fraction(r[2 + t % 14] % 33 - 16, 16)
        }
    }

    /// Runs `sequences` (one per entry) exactly and returns V_t for t = 1…T, entry by entry.
    static func membranes(_ neuron: MultiThresholdNeuron<Rational>, _ sequences: [[Rational]]) throws -> [[Rational]] {
        var n = neuron
        let steps = sequences[0].count
        var out = [[Rational]]()
        for t in 0..<steps {
            _ = try n.step(Tensor(vector: sequences.map { $0[t] }))
            guard let v = n.state.membrane else { throw BoundError.invalidParameter("no membrane after a step") }
            out.append(v.values)
        }
        return out
    }

    /// One case: the inputs, their deviations D_t = max over entries |r_t|, and μ.
    struct Case {
        let neuron: MultiThresholdNeuron<Rational>
        let mu: Rational
        let inputs: [[Rational]]
        let deviations: [Rational]
        var steps: Int { inputs[0].count }
        var hull: Interval { Interval.hull(inputs.flatMap { $0 }.map { Interval($0) }) ?? Interval(.zero) }
    }

    static func makeCase(_ neuron: MultiThresholdNeuron<Rational>, _ muKind: Int, _ sizeKind: Int, _ steps: Int, _ recipes: [[Int]]) -> Case {
        let mu = mean(neuron, muKind)
        let scale = Swift.max(neuron.topPositive, neuron.topNegative)
        let (inputs, deviations) = sequences(mu: mu, size: size(sizeKind, unit: neuron.lambdaPositive, top: scale), steps, recipes)
        return Case(neuron: neuron, mu: mu, inputs: inputs, deviations: deviations)
    }

    /// Deviation sizes: 0, half a unit, one, three or 1/16 of the top.
    static func size(_ kind: Int, unit: Rational, top: Rational) -> Rational {
        [Rational.zero, unit.timesPowerOfTwo(-1), top, top * Rational(3), top.timesPowerOfTwo(-4)][kind % 5]
    }

    /// Four sequences x_t = μ + r_t − r_{t−1} from the recipes, and D_t = max over them of |r_t|.
    static func sequences(mu: Rational, size: Rational, _ steps: Int, _ recipes: [[Int]]) -> ([[Rational]], [Rational]) {
        let r = recipes.prefix(4).map { recipe in [Rational.zero] + (1...steps).map { deviation(recipe, $0, steps, size) } }
        let inputs = r.map { rs in (1...steps).map { mu + rs[$0] - rs[$0 - 1] } }
        let deviations = (0...steps).map { t in r.map { $0[t].magnitude }.max() ?? .zero }
        return (inputs, deviations)
    }

    /// Both forms of the bound at T (the simplified one has no per-step range).
    static func bounds(_ b: PartialSumBound, _ T: Int, mu: Interval, hull: Interval?, _ d: [Rational]) throws -> [Rational] {
        let earlier = d[..<T].max() ?? .zero
        return [
            try b.value(at: T, means: mu, steps: hull, deviations: Array(d.prefix(T + 1))),
            try b.simplifiedValue(at: T, means: mu, deviation: d[T], earlier: earlier),
        ]
    }

    /// Observed |V_t|/t ≤ B-PSUM at every t, with and without the per-step hull, and with μ
    /// known only to lie in a wider interval.
    @Test func observedNeverExceedsTheBound() throws {
        forAllBounds(cases: 40, zip(Self.neuron, Gen.int(in: 0...7), Gen.int(in: 0...4), BoundGen.shortSteps, BoundGen.recipes)) { value, ledger in
            let (neuron, muKind, sizeKind, steps, recipes) = value
            let c = Self.makeCase(neuron, muKind, sizeKind, steps, recipes)
            let bound = try PartialSumBound(neuron: neuron)
            let v = try Self.membranes(neuron, c.inputs)
            let wider = try Interval(c.mu - neuron.lambdaNegative, c.mu + neuron.lambdaPositive)
            let checks = steps <= 40 ? Array(1...steps) : [1, 2, steps / 2, steps - 1, steps]
            for t in checks {
                let observed = v[t - 1].map(\.magnitude).max() ?? .zero
                let limit = try observed / Rational(t)
                for (means, hull) in [(Interval(c.mu), c.hull), (Interval(c.mu), nil), (wider, c.hull)] as [(Interval, Interval?)] {
                    for b in try Self.bounds(bound, t, mu: means, hull: hull, c.deviations) {
                        try ledger.check("B-PSUM", observed: limit, bound: b, "\(neuron), μ = \(c.mu), T = \(t)")
                    }
                }
            }
        }
    }

    /// PAIR-PSUM and IF-PSUM on exact runs: the residual S_t − Σ(s⁺ − s⁻) of STA's signed burst
    /// pair (β from 0 to 3) and the unsigned IF membrane meet both forms of the bound at every
    /// checked t, on the same input families (μ on the pair's largest step emission τ, past it,
    /// on a burst tie θ/2, negative).
    @Test func pairAndIFNeuronsMeetTheBound() throws {
        forAllBounds(cases: 40, zip(BoundGen.positive, Gen.int(in: 0...3), Gen.int(in: 0...7), Gen.int(in: 0...4), BoundGen.shortSteps, BoundGen.recipes)) { value, ledger in
            let (theta, beta, muKind, sizeKind, steps, recipes) = value
            let half = theta.timesPowerOfTwo(-1)
            let top = theta + half * Rational(beta)
            let mu = [Rational.zero, top, -top, top * Rational.fraction(17, 16), top * Rational.fraction(15, 16), half, -theta, theta][muKind]
            let (inputs, d) = Self.sequences(mu: mu, size: Self.size(sizeKind, unit: theta, top: top), steps, recipes)
            let hull = Interval.hull(inputs.flatMap { $0 }.map { Interval($0) })
            var up = try SignedBurstNeuron<Rational>(threshold: theta, burstLimit: beta)
            var down = try SignedBurstNeuron<Rational>(threshold: theta, burstLimit: beta)
            var integrate = try IFNeuron<Rational>(threshold: theta)
            let pair = try PartialSumBound.signedBurstPair(threshold: theta, burstLimit: beta)
            let single = try PartialSumBound.integrateAndFire(threshold: theta)
            var residual = [Rational](repeating: .zero, count: inputs.count)
            let checks = Set(steps <= 40 ? Array(1...steps) : [1, 2, steps / 2, steps - 1, steps])
            for t in 1...steps {
                let x = try Tensor(vector: inputs.map { $0[t - 1] })
                let emitted = try up.step(x) - down.step(-x)
                _ = try integrate.step(x)
                for k in residual.indices { residual[k] += x.values[k] - emitted.values[k] }
                guard checks.contains(t) else { continue }
                let membranes = try #require(integrate.state.membrane).values
                let observedPair = try (residual.map(\.magnitude).max() ?? .zero) / Rational(t)
                let observedIF = try (membranes.map(\.magnitude).max() ?? .zero) / Rational(t)
                for h in [hull, nil] {
                    for b in try Self.bounds(pair, t, mu: Interval(mu), hull: h, d) {
                        try ledger.check("PAIR-PSUM", observed: observedPair, bound: b, "θ = \(theta), β = \(beta), μ = \(mu), T = \(t)")
                    }
                    for b in try Self.bounds(single, t, mu: Interval(mu), hull: h, d) {
                        try ledger.check("IF-PSUM", observed: observedIF, bound: b, "θ = \(theta), μ = \(mu), T = \(t)")
                    }
                }
            }
        }
    }

    /// Witnesses for the mutants, each with the neuron λ = 1/8, n = 4, g = 2, rule `ecmt`
    /// (top level 1, Q̂ = P̂ = 7/16):
    /// - lag: μ = 1, r_1 = −1, r_t = 0 afterwards, so x = 0, 2, 1, 1, …: V_T = 1 = D_1, and only
    ///   the earlier deviation D_1 covers it;
    /// - residue: one step x_1 = 1 − 1/16 − 1/64, just below the top's firing bound 15/16: V_1 = 7/16 − 1/64;
    /// - mean excess: μ = 2, no deviation: V_T = T.
    static func witnesses() throws -> [(Case, Int)] {
        let neuron = try MultiThresholdNeuron<Rational>(lambdaPositive: .fraction(1, 8), lambdaNegative: .fraction(1, 8), levels: 4)
        let lag = Case(neuron: neuron, mu: 1, inputs: [[0, 2, 1, 1, 1]], deviations: [0, 1, 0, 0, 0, 0])
        let residue = Case(neuron: neuron, mu: .fraction(59, 64), inputs: [[.fraction(59, 64)]], deviations: [0, 0])
        let excess = Case(neuron: neuron, mu: 2, inputs: [[2, 2, 2]], deviations: [0, 0, 0, 0])
        return [(lag, 5), (residue, 1), (excess, 3)]
    }

    @Test(arguments: PartialSumBound.Mutation.allCases)
    func mutantIsCaught(_ mutation: PartialSumBound.Mutation) throws {
        var caught = false
        for (c, T) in try Self.witnesses() {
            let v = try Self.membranes(c.neuron, c.inputs)
            let observed = try (v[T - 1].map(\.magnitude).max() ?? .zero) / Rational(T)
            let bound = try PartialSumBound(neuron: c.neuron)
            let sound = try bound.value(at: T, means: Interval(c.mu), steps: c.hull, deviations: c.deviations)
            #expect(observed <= sound, "the true bound fails its own witness: \(observed.doubleValue()) > \(sound.doubleValue())")
            let weak = try bound.value(at: T, means: Interval(c.mu), steps: c.hull, deviations: c.deviations, mutation: mutation)
            if observed > weak { caught = true }
        }
        #expect(caught, "mutant \(mutation.rawValue) of B-PSUM survived its witnesses")
    }

    /// The bound is reached within a factor 2: at T = 1 by the residue witness (MT-1′'s constant),
    /// and for T ≥ 2 by a lag of 2Θ: μ = Θ, r_1 = −Θ, r_t = Θ afterwards (x = 0, 3Θ, Θ, Θ, …), which
    /// leaves V_T = 2Θ against the bound Q̂ + 2Θ.
    @Test(arguments: [1, 7, 200])
    func boundIsTight(_ T: Int) throws {
        forAll(cases: 12, zip(Gen.int(in: 1...64), Gen.int(in: 2...8))) { k, n in
            let lambda = Rational.fraction(k, 16)
            let neuron = try MultiThresholdNeuron<Rational>(lambdaPositive: lambda, lambdaNegative: lambda, levels: n)
            let top = neuron.topPositive
            let inputs: [Rational], deviations: [Rational], mu: Rational
            if T == 1 {
                // Level n − 2 fires just below the top's firing bound Θ − λ/2.
                mu = top - lambda.timesPowerOfTwo(-1) - lambda.timesPowerOfTwo(-6)
                inputs = [mu]
                deviations = [0, 0]
            } else {
                mu = top
                inputs = [0, top * 3] + Array(repeating: top, count: T - 2)
                deviations = [0] + Array(repeating: top, count: T)
            }
            let v = try Self.membranes(neuron, [inputs])
            let observed = try v[T - 1][0].magnitude / Rational(T)
            let hull = Interval.hull(inputs.map { Interval($0) })
            let b = try PartialSumBound(neuron: neuron).value(at: T, means: Interval(mu), steps: hull, deviations: deviations)
            #expect(observed <= b)
            #expect(observed.timesPowerOfTwo(1) >= b, "λ = \(lambda), n = \(n), T = \(T): observed \(observed.doubleValue()) < half of \(b.doubleValue())")
        }
    }

    /// The a priori analysis cuts 1…T_max into buckets that start at every T of the grid and are
    /// never longer than their first step.
    @Test func bucketsCoverTheStepsAndStartAtTheGrid() {
        forAll(cases: 50, Gen.int(in: 1...300).array(of: 1...6)) { grid in
            let buckets = APrioriBound.buckets(grid)
            let last = grid.max() ?? 0
            #expect(buckets.first?.lowerBound == 1)
            #expect(buckets.last?.upperBound == last)
            for (a, b) in zip(buckets, buckets.dropFirst()) { #expect(b.lowerBound == a.upperBound + 1) }
            for b in buckets { #expect(b.count <= b.lowerBound) }
            let starts = Set(buckets.map(\.lowerBound))
            for T in grid { #expect(starts.contains(T), "\(T) of \(grid) starts no bucket: \(buckets)") }
        }
    }
}
