import ExactArithmetic
import PropertyBased
import PropertyTestSupport
@testable import SpikingOperators
import Tensors
import Testing

/// The group operator with signed burst hidden units: its Double path against its generic
/// definition in the same arithmetic (to the bit), and its mean output by N-1 per unit.
@Suite struct BurstGroupOperatorTests {
    /// A released-size operator's shape (a few units with mixed signs of W₁, b₁, W₂), per-channel
    /// thresholds with edge values, the guard or not, T from 1 to 256, inputs at the range ends,
    /// zero, ties and random points.
    @Test func doublePathEqualsTheDefinition() throws {
        let weights = try GroupOperator(
            w1: [1, -1, fraction(1, 2), 3].map { $0 }, b1: [.zero, fraction(1, 4), -Rational.one, fraction(1, 8)],
            w2: [fraction(3, 4), -Rational.one, Rational(2), fraction(-1, 16)], b2: fraction(1, 3), name: "mixed")
        let parameters = zip(OperatorGen.positive, OperatorGen.positive, Gen.int(in: 0...4), Gen.bool)
        forAll(zip(parameters, OperatorGen.steps, OperatorGen.recipe(width: 4))) { input throws in
            let ((theta, second, limit, guarded), T, recipe) = input
            let make = {
                try BurstGroupOperator<Double>(
                    weights, thresholds: (0..<4).map { $0 % 2 == 0 ? [theta, second] : [second, theta] }, burstLimit: limit,
                    burstGuard: guarded ? SignedBurstNeuron<Double>.referenceGuard : nil)
            }
            var fast = try make(), reference = try make()
            let range = theta * Rational(limit + 2)
            for t in 0..<T {
                let x = try OperatorGen.doubleStep(recipe, t, range: range, unit: theta)
                let a = try fast.step(x), b = try reference.genericStep(x)
                #expect(a.values.map(\.bitPattern) == b.values.map(\.bitPattern), "step \(t + 1): \(a.values) vs \(b.values)")
            }
            for (u, v) in zip(fast.units, reference.units) {
                #expect(u.state.membrane?.values.map(\.bitPattern) == v.state.membrane?.values.map(\.bitPattern))
            }
        }
    }

    /// N-1 per unit, in exact arithmetic: T·(mean output − b₂) = Σ_i W₂[i]·(Σ_t z_i(t) − V_i(T)).
    @Test func meanOutputIsTheUnitsInputsLessTheirResidues() throws {
        let weights = try GroupOperator(
            w1: [Rational.one, Rational(-2)], b1: [fraction(1, 2), .zero], w2: [Rational(3), fraction(1, 5)], b2: .one, name: "two")
        var g = try BurstGroupOperator<Rational>(weights, thresholds: [[fraction(1, 3)], [fraction(3, 2)]], burstLimit: 2)
        let inputs: [Rational] = [fraction(7, 10), Rational(-1), fraction(1, 9), Rational(2), .zero, fraction(-5, 4)]
        var total = Rational.zero, zSums = [Rational.zero, .zero]
        for x in inputs {
            total = total + (try g.step(Tensor(vector: [x]))).values[0]
            for i in 0..<2 { zSums[i] = zSums[i] + weights.w1[i] * x + weights.b1[i] }
        }
        let T = Rational(inputs.count)
        var expected = T * weights.b2
        for i in 0..<2 { expected = expected + weights.w2[i] * (zSums[i] - (g.units[i].state.membrane?.values[0] ?? .zero)) }
        #expect(total == expected)
    }

    @Test func badThresholdsNameTheUnit() {
        let weights = try! GroupOperator(w1: [.one, .one], b1: [.zero, .zero], w2: [.one, .one], b2: .zero, name: "pair")
        #expect(throws: OperatorError.invalidParameter("hidden unit 1 of pair: threshold 0 must be > 0")) {
            try BurstGroupOperator<Double>(weights, thresholds: [[.one], [.zero]])
        }
        #expect(throws: OperatorError.shapeMismatch("1 threshold sets for 2 hidden units")) {
            try BurstGroupOperator<Double>(weights, thresholds: [[.one]])
        }
    }
}

private func fraction(_ p: Int, _ q: Int) -> Rational { try! Rational(numerator: p, denominator: q) }
