import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import SpikingOperators
import Tensors
import Testing

/// SpikingGroupOperator fuses its hidden units' IF neurons into one pass (and, in Double, a
/// branch-free kernel). These tests hold it to the unfused definition: one IFNeuron per unit
/// on z_i = W₁[i]·x + b₁[i], and y = b₂ + Σ_i s_i·W₂[i] in unit order.
@Suite("Spiking group operator step")
struct GroupOperatorStepTests {
    /// The unfused operator: one IF neuron per hidden unit.
    struct Unfused<Scalar: SpikeScalar> {
        let w1: [Scalar], b1: [Scalar], w2: [Scalar], b2: Scalar
        var neurons: [IFNeuron<Scalar>]

        init(_ g: GroupOperator, thresholds: [Rational]) throws {
            w1 = g.w1.map { Scalar($0) }
            b1 = g.b1.map { Scalar($0) }
            w2 = g.w2.map { Scalar($0) }
            b2 = Scalar(g.b2)
            neurons = try thresholds.map { try IFNeuron(threshold: $0) }
        }

        mutating func step(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
            var y = Tensor(shape: x.shape, repeating: b2)
            for i in neurons.indices {
                let a = w1[i], b = b1[i], c = w2[i]
                let s = try neurons[i].step(x.map { a * $0 + b })
                y = try y.zipWith(s) { $0 + $1 * c }
            }
            return y
        }
    }

    /// Inputs on [a, b] with the ends (where a unit's threshold is met exactly at T = 1), zero,
    /// knots (a unit's kink) and random points; 1 to 3 elements; T from 1 to 256.
    @Test func fusedStepEqualsOneNeuronPerUnit() throws {
        forAll(zip(Gen.int(in: 1...16), OperatorGen.steps, Gen.int(in: 1...3), OperatorGen.recipe(width: 3))) { input throws in
            let (intervals, T, width, recipe) = input
            let a = Rational(-2), b = Rational(2)
            let g = try Interpolants.construct(.gelu, domain: a, b, intervals: intervals, bits: 40)
            let thresholds = SpikingGroupOperator<Rational>.domainThresholds(g, domain: a, b)
            var exact = try SpikingGroupOperator<Rational>(g, thresholds: thresholds)
            var double = try SpikingGroupOperator<Double>(g, thresholds: thresholds)
            var exactReference = try Unfused<Rational>(g, thresholds: thresholds)
            var doubleReference = try Unfused<Double>(g, thresholds: thresholds)
            let unit = try (b - a) / Rational(intervals)
            for t in 0..<T {
                let xs = (0..<width).map { i in
                    OperatorGen.value(recipe[t][2 * i], recipe[t][2 * i + 1], low: -a, high: b, unit: 4 * unit)
                }
                let x = Tensor(vector: xs)
                #expect(try exact.step(x) == exactReference.step(x), "Rational, \(intervals) intervals, step \(t + 1)")
                let xd = x.map { $0.doubleValue() }
                let y = try double.step(xd), yReference = try doubleReference.step(xd)
                #expect(y.values == yReference.values, "Double, \(intervals) intervals, step \(t + 1): \(y.values) vs \(yReference.values)")
            }
            #expect(exact.membranes == exactReference.neurons.map(\.state.membrane), "Rational membranes after T = \(T)")
            #expect(double.membranes.map { $0?.values } == doubleReference.neurons.map { $0.state.membrane?.values },
                    "Double membranes after T = \(T)")
        }
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e308])
    func nonFiniteMembraneIsAnError(_ x: Double) throws {
        // W₁ = 4 makes 4·10³⁰⁸ overflow to infinity.
        let g = try GroupOperator(w1: [Rational(4)], b1: [.zero], w2: [.one], b2: .zero, name: "test operator")
        var op = try SpikingGroupOperator<Double>(g, thresholds: [.one])
        #expect(throws: OperatorError.self) { try op.step(Tensor(vector: [0.5, x])) }
        do {
            var again = try SpikingGroupOperator<Double>(g, thresholds: [.one])
            _ = try again.step(Tensor(vector: [0.5, x]))
        } catch {
            #expect("\(error)".contains("test operator unit 0 element 1 at step 1"), "\(error)")
        }
    }

    @Test func shapeChangeIsAnError() throws {
        let g = try GroupOperator(w1: [.one], b1: [.zero], w2: [.one], b2: .zero)
        var op = try SpikingGroupOperator<Double>(g, thresholds: [.one])
        _ = try op.step(Tensor(vector: [0.5, 0.25]))
        #expect(throws: OperatorError.self) { try op.step(Tensor(vector: [0.5])) }
        #expect(throws: OperatorError.self) { try SpikingGroupOperator<Double>(g, thresholds: [.zero]) }
        #expect(throws: OperatorError.self) { try SpikingGroupOperator<Double>(g, thresholds: [.one, .one]) }
    }
}
