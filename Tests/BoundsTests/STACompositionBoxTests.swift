@testable import Bounds
import ExactArithmetic
import Foundation
import ModelIO
import PropertyBased
import PropertyTestSupport
import SpikingOperators
import SpikingPipelines
import Tensors
import Testing

/// B-COMP: the interval extensions of STA's softmax and LayerNorm compositions and of a group
/// operator hold the exact compositions at every point we try of their boxes (ends, centre,
/// random points), for the released operators and for interpolants, both softmax shifts, rows
/// near the clamp at 3 and with masked keys.
@Suite("STA compositions over boxes (B-COMP)")
struct STACompositionBoxTests {
    static let released = try! ReleasedGroupOperators.load()

    /// Interpolants on domains a calibration could choose (knot values from Double functions:
    /// any values define a valid operator).
    static let interpolants: STAOperators = {
        func make(_ a: Rational, _ b: Rational, _ k: Int, flat: Bool = false, _ f: (Double) -> Double) -> GroupOperator {
            let knots = try! GroupOperator.uniformKnots(a, b, intervals: k)
            let values = knots.map { try! Rational(exactly: f($0.doubleValue())) }
            return try! GroupOperator.interpolant(knots: knots, values: values, flatBeyondLastKnot: flat)
        }
        return STAOperators(
            gelu: make(-4, 4, 16) { $0 / (1 + Foundation.exp(-1.702 * $0)) },
            exp: make(-8, 3, 22) { Foundation.exp($0) },
            reciprocal: make(.fraction(1, 2), 16, 31, flat: true) { 1 / $0 },
            rsqrt: make(.fraction(1, 16), 8, 32, flat: true) { 1 / $0.squareRoot() })
    }()

    /// A box around c of half-width r, with its ends, centre and a random point.
    static func points(_ box: [Interval], _ pick: [Int]) -> [[Rational]] {
        [
            box.map(\.lo), box.map(\.hi), box.map(\.midpoint),
            box.indices.map { i in box[i].lo + box[i].width * Rational.fraction(pick[i % pick.count] % 17, 16) },
            box.indices.map { i in pick[i % pick.count] % 2 == 0 ? box[i].lo : box[i].hi },
        ]
    }

    static var row: AnyGen<(centres: [Int], radius: Int, pick: [Int], released: Bool, rowMax: Bool, masked: Bool)> {
        zip(Gen.int(in: -96...96).array(of: 2...6), Gen.int(in: 0...4), Gen.int(in: 0...1000).array(of: 6...6), Gen.bool, Gen.bool, Gen.bool)
            .map { ($0, $1, $2, $3, $4, $5) }.eraseToAny()
    }

    @Test func boxesHoldTheCompositions() {
        forAll(cases: 60, Self.row) { c in
            let operators = c.released ? Self.released : Self.interpolants
            let shift: STASoftmaxShift = c.rowMax ? .rowMax : .firstKey
            let boxes = try STACompositionBoxes(operators, shift: shift, bits: 64)
            let exact = STACompositions<Rational>(operators, softmaxShift: shift)
            let radius = [Rational.zero, .fraction(1, 256), .fraction(1, 16), .fraction(1, 2), 2][c.radius]
            let box = try c.centres.map { k in try Interval(Rational.fraction(k, 32) - radius, Rational.fraction(k, 32) + radius) }
            let n = box.count
            let keep = c.masked && n > 2 ? Array(0..<(n - 1)) : Array(0..<n)
            let softmax = try boxes.softmax(box[...], keep: keep)
            let gamma = box.indices.map { Rational.fraction(c.pick[$0 % 6] % 9 - 4, 4) }
            let beta = box.indices.map { Rational.fraction(c.pick[($0 + 1) % 6] % 5 - 2, 8) }
            let exactParameters = LayerNormParameters<Rational>(gamma: gamma, beta: beta, epsilon: .zero)
            let boxParameters = LayerNormParameters<Interval>(gamma: gamma, beta: beta, epsilon: .zero)
            let constantInside = box.allSatisfy { $0.contains(box[0].midpoint) }
            let norm = constantInside ? nil : try boxes.layerNorm(box[...], boxParameters)
            for x in Self.points(box, c.pick) {
                let p = try exact.softmax(x[...], keep: keep)
                for j in p.indices {
                    #expect(softmax[j].contains(p[j]), "softmax entry \(j) = \(p[j].doubleValue()) outside \(softmax[j]) for \(box)")
                }
                if let norm, Set(x).count > 1 {
                    let y = try exact.layerNorm(x[...], exactParameters)
                    for i in y.indices {
                        #expect(norm[i].contains(y[i]), "LayerNorm entry \(i) = \(y[i].doubleValue()) outside \(norm[i]) for \(box)")
                    }
                }
            }
            // Group operators: the box holds g at the points, and a point box is g's value.
            for group in [operators.gelu, operators.exp, operators.reciprocal, operators.rsqrt] {
                let g = try GroupOperatorBox(group, bits: 64)
                let x = try Interval(Rational.fraction(c.centres[0], 16) - radius, Rational.fraction(c.centres[0], 16) + radius)
                let image = try g(x)
                for p in [x.lo, x.hi, x.midpoint, x.lo + x.width * Rational.fraction(c.pick[0] % 17, 16)] {
                    let value: Rational = try group.evaluate(p)
                    #expect(image.contains(value), "\(group.name) at \(p.doubleValue()) = \(value.doubleValue()) outside \(image)")
                }
            }
        }
    }

    /// The exact range holds g at nine points of each box, reaches its extremes there (it is the
    /// range: its ends are values of g), and is never wider than the natural extension.
    @Test func exactRangeIsWithinTheNaturalExtension() throws {
        forAll(cases: 40, zip(Gen.int(in: -200...200), Gen.int(in: 0...6))) { centre, r in
            for group in [Self.released.gelu, Self.released.exp, Self.interpolants.exp] {
                let g = try GroupOperatorBox(group, bits: 64)
                let radius = Rational.powerOfTwo(r - 4)
                let x = try Interval(Rational.fraction(centre, 32) - radius, Rational.fraction(centre, 32) + radius)
                var natural = Interval(group.b2)
                for i in group.w1.indices {
                    let z = x * group.w1[i] + group.b1[i]
                    natural = natural + (try Interval(Swift.max(z.lo, .zero), Swift.max(z.hi, .zero))) * group.w2[i]
                }
                let image = try g(x)
                for k in 0...8 {
                    let p = x.lo + x.width * Rational.fraction(k, 8)
                    let value: Rational = try group.evaluate(p)
                    #expect(natural.contains(value))
                    #expect(image.contains(value))
                }
                #expect(image.width <= natural.width + Rational.powerOfTwo(-50), "\(group.name) on \(x): exact \(image) wider than natural \(natural)")
                // The ends are attained: at x's ends or at a breakpoint inside (up to the rounding to 64 bits).
                let candidates = [x.lo, x.hi] + g.breakpoints.filter { $0 > x.lo && $0 < x.hi }
                let attained: [Rational] = try candidates.map { try group.evaluate($0) }
                let slack = Rational.powerOfTwo(-40) * (Rational.one + image.magnitude)
                #expect((attained.min() ?? .zero) - image.lo <= slack && image.hi - (attained.max() ?? .zero) <= slack)
            }
        }
    }
}
