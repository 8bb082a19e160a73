import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// Every deliberate weakening of a neuron bound is caught: the targeted search finds an input
/// sequence whose observed error exceeds the mutant, on some case of a fixed list. The same
/// search finds no violation of the true bounds (NeuronBoundTests).
@Suite("Neuron bound mutants are caught")
struct NeuronMutationTests {
    /// Cases where each term matters: saturating domains, negative inputs, T = 1 and larger.
    static let cases: [(NeuronModel, Interval, Int)] = [
        (.integrateAndFire(threshold: 1, signed: false), try! Interval(.fraction(-1, 2), .fraction(3, 2)), 1),
        (.integrateAndFire(threshold: 1, signed: false), try! Interval(.fraction(-1, 2), .fraction(3, 2)), 9),
        (.integrateAndFire(threshold: 1, signed: true), try! Interval(-3, 1), 5),
        (.integrateAndFire(threshold: 1, signed: true), try! Interval(-1, 1), 6),
        (.multiThreshold(lambdaPositive: .fraction(1, 8), lambdaNegative: .fraction(1, 8), levels: 4, gap: 2, rule: .ecmt), try! Interval(-2, 2), 4),
        (.multiThreshold(lambdaPositive: .fraction(1, 8), lambdaNegative: .fraction(1, 8), levels: 4, gap: 2, rule: .ecmt), try! Interval(-1, 1), 3),
        (.multiThreshold(lambdaPositive: .fraction(1, 4), lambdaNegative: .fraction(1, 16), levels: 3, gap: 2, rule: .nearest), try! Interval(-1, 1), 7),
        (.signedBurst(threshold: 1, burstLimit: 2), try! Interval(-1, 3), 4),
        (.signedBurst(threshold: 1, burstLimit: 2), try! Interval(0, 2), 5),
        (.signedBurst(threshold: 1, burstLimit: 0), try! Interval(-1, 2), 3),
    ]

    static func caught(_ mutation: BoundMutation, closedFormOnly: Bool) throws -> Bool {
        for (model, domain, steps) in cases {
            var rng = Xoshiro(seed: (11, UInt64(steps), 13, 17))
            let search = try NeuronSearch(model: model, domain: domain, steps: steps)
            let result = try search.worst(rounds: 60, using: &rng, mutation: mutation, closedFormOnly: closedFormOnly)
            if !result.ratio.isSound { return true }
        }
        return false
    }

    /// The closed forms (B-IF, B-MT, B-SB): every mutant that applies to them.
    @Test(arguments: [BoundMutation.dropTransient, .dropPersistent, .nextStep, .halveConstant, .dropSecondTerm])
    func closedFormMutantIsCaught(_ mutation: BoundMutation) throws {
        #expect(try Self.caught(mutation, closedFormOnly: true), "mutant \(mutation.rawValue) of the closed forms survived")
    }

    /// The bound used everywhere (min with B-REACH): the mutants that apply to both parts.
    @Test(arguments: [BoundMutation.nextStep, .halveConstant, .dropSecondTerm])
    func combinedMutantIsCaught(_ mutation: BoundMutation) throws {
        #expect(try Self.caught(mutation, closedFormOnly: false), "mutant \(mutation.rawValue) of the combined bound survived")
    }
}
