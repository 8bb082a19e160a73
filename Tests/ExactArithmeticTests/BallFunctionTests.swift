import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// BALL-ARB, the elementary functions: the ball enclosure overlaps the rational engine's
/// certified enclosure (both contain f(x)), results at two precisions overlap, the high one is
/// narrow, and functional equations hold as overlaps.
@Suite struct BallFunctionTests {
    /// Points from −12 to 12 with the edges: 0, ±1, ties, tiny values.
    static let points = Edge.rational(magnitudeAtMost: 12)

    func check(_ name: String, _ x: Rational, ball: (Ball) throws -> Ball, interval: (Interval) throws -> Interval) throws {
        let reference = try interval(Interval(x))
        let low = try ball(Ball(x, precision: 53)), high = try ball(Ball(x, precision: 256))
        #expect(try low.interval.overlaps(reference), "\(name)(\(x)) at 53 bits: \(low) against \(reference)")
        #expect(try high.interval.overlaps(reference), "\(name)(\(x)) at 256 bits: \(high) against \(reference)")
        #expect(try low.interval.overlaps(high.interval))
        let scale = max(1, high.magnitudeUpperBound)
        #expect(high.radiusBound <= 0x1p-200 * scale, "\(name)(\(x)) at 256 bits has radius \(high.radiusBound)")
    }

    @Test func elementaryFunctionsAgreeWithTheRationalEngine() throws {
        forAll(cases: 60, Self.points) { x in
            try check("exp", x, ball: { try $0.exp() }, interval: { try Enclosure.exp($0, bits: 80) })
            for form in GELUForm.allCases {
                try check("gelu-\(form.rawValue)", x, ball: { try $0.gelu(form) }, interval: { try Enclosure.gelu($0, form: form, bits: 80) })
            }
            if x.sign > 0 {
                try check("rsqrt", x, ball: { try $0.rsqrt() }, interval: { try Enclosure.rsqrt($0, bits: 80) })
            }
            if !x.isZero {
                try check("1/x", x, ball: { try $0.reciprocal() }, interval: { try Enclosure.reciprocal($0, bits: 80) })
            }
        }
    }

    /// exp(a)·exp(b) meets exp(a + b); x·(1/√x)² meets 1; GELU(x) − GELU(−x) meets x (erf form).
    @Test func functionalEquations() throws {
        forAll(cases: 60, zip(Self.points, Self.points).eraseToAny()) { pair throws in
            let (x, y) = pair
            let a = Ball(x, precision: 128), b = Ball(y, precision: 128)
            #expect(try (a.exp() * b.exp()).interval.overlaps(try (a + b).exp().interval))
            if x.sign > 0 {
                let r = try a.rsqrt()
                #expect(try (a * r * r).interval.contains(.one))
            }
            #expect(try (a.gelu(.erf) - (-a).gelu(.erf)).interval.contains(x))
        }
    }

    /// A wide ball encloses f over the whole ball: sampled points of the ball land inside. A
    /// ball cannot hold a result whose ends differ by many orders of magnitude (1 + e^(−2u) over
    /// u ∈ [−12, 12], say); there the function throws instead, which is allowed only for balls
    /// wider than 1.
    @Test func wideBallsEncloseEveryPoint() throws {
        forAll(cases: 40, Edge.boxAndSubBox(Edge.rational(magnitudeAtMost: 6))) { boxes throws in
            let box = boxes.0
            let ball = Ball(enclosing: box, precision: 64)
            #expect(try ball.interval.contains(box))
            func enclosed(_ f: (Ball) throws -> Ball, _ g: (Interval) throws -> Interval) throws {
                let value: Ball
                do { value = try f(ball) } catch ArithmeticError.notFinite {
                    #expect(box.radius > .one, "\(box): not finite on a ball of radius \(box.radius)")
                    return
                }
                for p in Edge.samples(box) { #expect(try value.interval.overlaps(try g(Interval(p)))) }
            }
            for form in GELUForm.allCases {
                try enclosed({ try $0.gelu(form) }, { try Enclosure.gelu($0, form: form, bits: 64) })
            }
            try enclosed({ try $0.exp() }, { try Enclosure.exp($0, bits: 64) })
        }
    }
}
