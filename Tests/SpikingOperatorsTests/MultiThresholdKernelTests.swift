import ExactArithmetic
import PropertyBased
import PropertyTestSupport
@testable import SpikingOperators
import Tensors
import Testing

/// The multi-threshold neuron's Double fast path (in place, MultiThresholdNeuron+Double) against
/// its generic definition in the same arithmetic: the same spikes and membranes, to the bit, at
/// every step.
@Suite("Multi-threshold Double kernel")
struct MultiThresholdKernelTests {
    /// Parameters with edge values (tiny and large λ, gaps, 1 to 8 levels, both rules), inputs
    /// at the range ends, zero, ties (multiples of λ/4, where a bound is met exactly) and random
    /// points, T from 1 to 256.
    @Test func fastPathEqualsTheDefinition() throws {
        let parameters = zip(OperatorGen.positive, OperatorGen.positive, Gen.int(in: 1...8), OperatorGen.gap, Gen.bool)
        forAll(zip(parameters, OperatorGen.steps, OperatorGen.recipe(width: 4))) { input throws in
            let ((lambdaPositive, lambdaNegative, levels, gap, nearest), T, recipe) = input
            let make = {
                try MultiThresholdNeuron<Double>(
                    lambdaPositive: lambdaPositive, lambdaNegative: lambdaNegative, levels: levels, gap: gap,
                    rule: nearest ? .nearest : .ecmt)
            }
            var fast = try make(), reference = try make()
            let top = lambdaPositive * (try gap.power(levels))
            for t in 0..<T {
                let x = Tensor(vector: (0..<4).map { i in
                    OperatorGen.value(recipe[t][2 * i], recipe[t][2 * i + 1], low: top, high: top, unit: lambdaPositive)
                        .doubleValue()
                })
                let s = try fast.step(x), r = try reference.genericStep(x)
                #expect(s.values.map(\.bitPattern) == r.values.map(\.bitPattern), "spikes at step \(t + 1): \(s.values) vs \(r.values)")
                #expect(fast.state.membrane?.values.map(\.bitPattern) == reference.state.membrane?.values.map(\.bitPattern),
                        "membranes at step \(t + 1)")
            }
            #expect(fast.state.steps == T && reference.state.steps == T)
        }
    }

    /// Signed zeros, NaN, infinities, subnormals and the largest finite values, where a
    /// rewritten comparison would most easily differ from `order`.
    @Test func specialValuesMatchTheDefinition() throws {
        let specials: [Double] = [0, -0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                  .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0.5, -0.5, 0.75, 1, -1]
        for rule in MultiThresholdNeuron<Double>.Rule.allCases {
            var fast = try MultiThresholdNeuron<Double>(lambdaPositive: Rational(1), lambdaNegative: Rational(1), levels: 4, rule: rule)
            var reference = fast
            for _ in 0..<3 {
                let x = Tensor(vector: specials)
                let s = try fast.step(x), r = try reference.genericStep(x)
                #expect(s.values.map(\.bitPattern) == r.values.map(\.bitPattern), "\(rule): \(s.values) vs \(r.values)")
                #expect(fast.state.membrane?.values.map(\.bitPattern) == reference.state.membrane?.values.map(\.bitPattern))
            }
        }
    }

    /// A step whose shape differs from the first is refused, and the state is left as it was.
    @Test func shapeMismatchLeavesTheStateUnchanged() throws {
        var neuron = try MultiThresholdNeuron<Double>(lambdaPositive: Rational(1), lambdaNegative: Rational(1), levels: 2)
        _ = try neuron.step(Tensor(vector: [0.3, 2.5]))
        let before = neuron.state.membrane
        #expect(throws: OperatorError.self) { try neuron.step(Tensor(vector: [1.0, 2.0, 3.0])) }
        #expect(neuron.state.membrane == before && neuron.state.steps == 1)
    }
}
