import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import SpikingOperators
import Testing

/// B-IF, B-MT and B-SB: the observed mean error of an exact run never exceeds the bound, for
/// random neurons, domains (inside, on the ties, saturating, negative) and T from 1 to 300.
@Suite("Neuron bounds (B-IF, B-MT, B-SB)")
struct NeuronBoundTests {
    /// Eight sequences per case, each built from recipes: constant, alternating, random.
    static func sequences(_ recipes: [[Int]], _ domain: Interval, _ steps: Int, _ unit: Rational) -> [[Rational]] {
        (0..<8).map { j in
            (0..<steps).map { t in
                let r = recipes[t]
                switch j {
                case 0: return BoundGen.value(r[0] % 2, 0, domain, unit)  // constant end
                case 1: return BoundGen.value(r[0] % 3 == 0 ? 3 : 0, recipes[0][1], domain, unit)  // constant tie or end
                case 2: return t == steps - 1 ? BoundGen.value(r[2], r[3], domain, unit) : (domain.contains(Rational.zero) ? Rational.zero : domain.lo)
                default: return BoundGen.value(r[2 * j], r[2 * j + 1], domain, unit)
                }
            }
        }
    }

    @Test func observedNeverExceedsTheBound() throws {
        forAllBounds(cases: 60, zip(BoundGen.model, Gen.int(in: 0...10_000), Gen.int(in: 0...10_000), BoundGen.steps, BoundGen.recipes)) { value, ledger in
            let (model, i, j, steps, recipes) = value
            let domain = BoundGen.domain(model, i, j)
            let bound = try model.bound(over: domain)
            let unit = BoundGen.reach(model).up
            let observed = try model.meanErrors(Self.sequences(recipes, domain, steps, unit))
            // Each part on its own: the closed form, the reachable membrane, and their minimum.
            let closed = try bound.closedForm.value(at: steps)
            let reached = try bound.reach?.bounds(at: [steps])[0]
            let b = try bound.value(at: steps)
            for (k, e) in observed.enumerated() {
                let place = "\(model.name) on \(domain), T = \(steps), sequence \(k)"
                try ledger.check(model.theorem, observed: e, bound: b, place)
                try ledger.check("\(model.theorem) closed form", observed: e, bound: closed, "\(place) (\(bound.closedForm))")
                if let reached { try ledger.check("B-REACH", observed: e, bound: reached, place) }
            }
        }
    }

    /// Hill-climbing on observed/bound finds no violation; the worst ratio per neuron is printed.
    @Test func targetedSearchFindsNoViolation() throws {
        var worst = [String: Double]()
        forAll(cases: 12, zip(BoundGen.model, Gen.int(in: 0...10_000), Gen.int(in: 0...10_000), Gen.int(in: 1...40))) { model, i, j, steps in
            var rng = Xoshiro(seed: (UInt64(i), UInt64(j), UInt64(steps), 7))
            let domain = BoundGen.domain(model, i, j)
            let result = try NeuronSearch(model: model, domain: domain, steps: steps).worst(rounds: 30, using: &rng)
            #expect(result.ratio.isSound, "\(model.name) on \(domain), T = \(steps): \(result.inputs.map { $0.doubleValue() }) gives ratio \(result.ratio.ratio)")
            worst[model.name] = Swift.max(worst[model.name] ?? 0, result.ratio.ratio)
        }
        print("worst observed/bound found by hill-climbing:", worst.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }.joined(separator: ", "))
    }

    /// Tightness: for each neuron, on its non-saturating range and on a saturating one, the
    /// search reaches at least half of the bound, at T = 1, a small T and T in the hundreds.
    @Test(arguments: [
        NeuronModel.integrateAndFire(threshold: 1, signed: false),
        .integrateAndFire(threshold: .fraction(3, 4), signed: true),
        .multiThreshold(lambdaPositive: .fraction(1, 8), lambdaNegative: .fraction(1, 8), levels: 8, gap: 2, rule: .ecmt),
        .multiThreshold(lambdaPositive: .fraction(1, 4), lambdaNegative: .fraction(1, 16), levels: 4, gap: 2, rule: .ecmt),
        .multiThreshold(lambdaPositive: .fraction(1, 8), lambdaNegative: .fraction(1, 8), levels: 8, gap: 2, rule: .nearest),
        .signedBurst(threshold: 1, burstLimit: 2),
        .signedBurst(threshold: .fraction(1, 2), burstLimit: 0),
    ])
    func boundsAreTight(_ model: NeuronModel) throws {
        let (up, down) = BoundGen.reach(model)
        let domains = [try Interval(down.isZero ? .zero : -down, up), try Interval(-down, up * Rational(2))]
        for domain in domains {
            for steps in [1, 7, 200] {
                var rng = Xoshiro(seed: (1, 2, UInt64(steps), 3))
                let result = try NeuronSearch(model: model, domain: domain, steps: steps).worst(rounds: steps > 50 ? 20 : 60, using: &rng)
                #expect(result.ratio.ratio >= 0.5, "\(model.name) on \(domain), T = \(steps): best ratio \(result.ratio.ratio)")
                #expect(result.ratio.isSound)
            }
        }
    }
}
