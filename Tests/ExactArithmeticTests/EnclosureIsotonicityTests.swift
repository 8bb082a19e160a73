import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// Inclusion isotonicity (theorem ENC-GRID): f(Y) ⊆ f(X) for Y ⊆ X, and f(X) contains
/// f(x) for sample points x of X.
@Suite("Enclosures: inclusion isotonicity")
struct EnclosureIsotonicityTests {
    @Test(arguments: ElementaryFunction.allCases)
    func subBoxGivesSubEnclosure(_ f: ElementaryFunction) throws {
        forAll(named: "isotonic-\(f.rawValue)", cases: 60, zip(Domain.boxes(for: f), Domain.bits)) { input throws in
            let (boxes, bits) = input
            let (x, y) = boxes
            let fx = try f.enclose(x, bits: bits)
            let fy = try f.enclose(y, bits: bits)
            #expect(fx.contains(fy), "\(f.rawValue): f(\(y)) = \(fy) ⊄ f(\(x)) = \(fx) at \(bits) bits")
            for p in Edge.samples(x, count: 3) {
                #expect(fx.contains(try f.enclose(Interval(p), bits: bits)))
            }
        }
    }

    /// GELU boxes around its interior minimum x* ≈ −0.75 (lemma GELU-UNI).
    @Test(arguments: GELUForm.allCases)
    func geluAroundItsMinimum(_ form: GELUForm) throws {
        let near = zip(Gen.int(in: -1200 ... -300), Gen.int(in: -1200 ... -300))
            .map { a, b in try! Interval(Rational(numerator: Swift.min(a, b), denominator: 1000), Rational(numerator: Swift.max(a, b), denominator: 1000)) }
        forAll(named: "gelu-min-\(form.rawValue)", cases: 30, zip(near, Gen.int(in: 0...1000))) { input throws in
            let (x, t) = input
            let g = try Enclosure.gelu(x, form: form, bits: 40)
            let inner = x.lo + x.width * (try Rational(numerator: t, denominator: 1000))
            let gp = try Enclosure.gelu(Interval(inner), form: form, bits: 40)
            #expect(g.contains(gp), "\(form): g(\(inner)) = \(gp) ⊄ g(\(x)) = \(g)")
            // The bound is the true range: the minimum is reached (to the grid) by a point.
            let wide = try Enclosure.gelu(try Interval(Rational(-2), Rational(1)), form: form, bits: 40)
            #expect(wide.lo <= g.lo)
        }
    }

    /// Inputs within 2^−400 of a point where f is exactly on the grid (exp(0) = 1, σ(0) = 1/2,
    /// √1 = 1, softmax of equal logits = 1/n): the value must still be decided, or the point
    /// enclosure would stick out of the box enclosure.
    @Test func valuesBesideExactGridPoints() throws {
        let c = Rational.powerOfTwo(-400)
        for bits in [1, 24, 53] {
            for (f, at) in [(ElementaryFunction.exp, Rational.zero), (.sigmoid, .zero), (.sqrt, .one), (.rsqrt, .one),
                            (.log, .one), (.tanh, .zero), (.erf, .zero), (.gelu, .zero)] {
                for (box, point) in [(try Interval(at, at + c), at + c), (try Interval(at - c, at), at - c)] {
                    let whole = try f.enclose(box, bits: bits)
                    let single = try f.enclose(Interval(point), bits: bits)
                    #expect(whole.contains(single), "\(f.rawValue) at \(bits) bits: f(\(point)) = \(single) ⊄ \(whole)")
                    #expect(single.width <= Rational.powerOfTwo(-bits) * Swift.max(.one, single.magnitude))
                }
            }
            // Beside other rational squares, with an odd denominator: √(1/(4 − 2^−398)) is just
            // above 1/2, and 1/√ of it just below 2.
            let x = try Rational.powerOfTwo(398) / (Rational.powerOfTwo(400) - .one)
            let quarter = try Rational(parsing: "1/4")
            for f in [ElementaryFunction.sqrt, .rsqrt] {
                let whole = try f.enclose(try Interval(quarter, x), bits: bits)
                let single = try f.enclose(Interval(x), bits: bits)
                #expect(whole.contains(single), "\(f.rawValue) at \(bits) bits: \(single) ⊄ \(whole)")
                #expect(single.width <= Rational.powerOfTwo(-bits) * Swift.max(.one, single.magnitude))
            }
            let point = try Enclosure.softmax([Interval(.zero), Interval(c)], bits: bits)
            let box = try Enclosure.softmax([Interval(.zero), try Interval(.zero, c)], bits: bits)
            #expect(box[0].contains(point[0]) && box[1].contains(point[1]))
        }
    }

    @Test func geluMinimumValues() throws {
        // Known minima: erf form −0.16997120747990…, tanh form −0.17004075057…, quick −0.16361018…
        let box = try Interval(Rational(-3), Rational(3))
        let expected: [(GELUForm, String)] = [(.erf, "-0.1699712074799"), (.tanh, "-0.1700407505712"), (.quick, "-0.1636101896363")]
        for (form, value) in expected {
            let g = try Enclosure.gelu(box, form: form, bits: 64)
            let v = try Rational(parsing: value)
            #expect((g.lo - v).magnitude < (try Rational(parsing: "1e-12")), "\(form): \(g.lo.decimalString(significantDigits: 16, .down))")
        }
    }
}

