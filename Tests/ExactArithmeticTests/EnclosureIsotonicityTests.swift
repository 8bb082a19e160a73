import ExactArithmetic
import PropertyBased
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

