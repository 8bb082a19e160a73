import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// Containment checked by independent means (theorems ENC-EXP … ENC-GELU).
@Suite("Enclosures: containment")
struct EnclosureContainmentTests {
    /// mpmath's values (90 digits) must lie inside the 200-bit enclosures.
    @Test(arguments: referenceValues.indices)
    func containsIndependentReferenceValue(_ index: Int) throws {
        let (name, x, value) = referenceValues[index]
        let f = try #require(ElementaryFunction(rawValue: name))
        let y = try f.enclose(Interval(try Rational(parsing: x)), bits: 200)
        // The reference is rounded to 90 digits: widen it by one unit in its last digit.
        let v = try Rational(parsing: value)
        let ulp = try unitInLastDigit(value)
        #expect(y.lo <= v + ulp && v - ulp <= y.hi, "\(name)(\(x)) = \(value) not in \(y)")
        #expect(y.width <= .powerOfTwo(-200) * Swift.max(.one, v.magnitude + ulp))
    }

    func unitInLastDigit(_ text: String) throws -> Rational {
        // d.ddd…e±k with 90 significant digits: one unit is 10^(k−89).
        let exponent = text.split(separator: "e").dropFirst().first.flatMap { Int($0) } ?? 0
        return try Rational(parsing: "1e\(exponent - 89)")
    }

    @Test func knownConstantsTo200Bits() throws {
        let e = try Enclosure.exp(Interval(.one), bits: 200)
        let eDigits = try Rational(parsing: "2.71828182845904523536028747135266249775724709369995957496696762772407663035354759457138217852516642742746")
        // e lies in [digits, digits + 10^-104].
        #expect(e.lo <= eDigits + (try Rational(parsing: "1e-104")) && eDigits <= e.hi)
        #expect(e.width <= .powerOfTwo(-199))
        let root2 = try Enclosure.sqrt(Interval(Rational(2)), bits: 200)
        let root2Digits = try Rational(parsing: "1.41421356237309504880168872420969807856967187537694807317667973799073247846210703885038753432764157")
        #expect(root2.lo <= root2Digits + (try Rational(parsing: "1e-98")) && root2Digits <= root2.hi)
        // √2·√2 must contain 2, and 1/√2 is half of √2.
        #expect((root2 * root2).contains(Rational(2)))
        let inverse = try Enclosure.rsqrt(Interval(Rational(2)), bits: 200)
        #expect((inverse * Rational(2)).overlaps(root2))
    }

    @Test func exactValuesAreExact() throws {
        #expect(try Enclosure.exp(Interval(.zero), bits: 64) == Interval(.one))
        #expect(try Enclosure.log(Interval(.one), bits: 64) == Interval(.zero))
        #expect(try Enclosure.sqrt(Interval(try Rational(parsing: "9/4")), bits: 64) == Interval(try Rational(parsing: "3/2")))
        #expect(try Enclosure.erf(Interval(.zero), bits: 64) == Interval(.zero))
        #expect(try Enclosure.tanh(Interval(.zero), bits: 64) == Interval(.zero))
        #expect(try Enclosure.sigmoid(Interval(.zero), bits: 64) == Interval(.powerOfTwo(-1)))
        for form in GELUForm.allCases {
            #expect(try Enclosure.gelu(Interval(.zero), form: form, bits: 64) == Interval(.zero))
        }
    }

    @Test func twoPrecisionsOverlap() throws {
        for f in ElementaryFunction.allCases {
            forAll(named: "overlap-\(f.rawValue)", cases: 40, zip(Domain.generator(for: f), Domain.bits)) { input throws in
                let (x, bits) = input
                let a = try f.enclose(Interval(x), bits: bits)
                let b = try f.enclose(Interval(x), bits: bits + 37)
                #expect(a.overlaps(b), "\(f.rawValue)(\(x)): \(a) and \(b) are disjoint")
            }
        }
    }

    @Test func expOfSumOverlapsProductOfExps() throws {
        forAll(zip(Edge.rational(magnitudeAtMost: 30), Edge.rational(magnitudeAtMost: 30), Domain.bits)) { input throws in
            let (a, b, bits) = input
            let product = try Enclosure.exp(Interval(a), bits: bits) * Enclosure.exp(Interval(b), bits: bits)
            let sum = try Enclosure.exp(Interval(a + b), bits: bits)
            #expect(product.overlaps(sum), "exp(\(a))·exp(\(b)) vs exp(\(a + b))")
        }
    }

    @Test func oddAndComplementSymmetries() throws {
        forAll(zip(Edge.rational(magnitudeAtMost: 40), Domain.bits)) { input throws in
            let (x, bits) = input
            let p = Interval(x), m = Interval(-x)
            #expect(try Enclosure.erf(m, bits: bits) == -Enclosure.erf(p, bits: bits))
            #expect(try Enclosure.tanh(m, bits: bits) == -Enclosure.tanh(p, bits: bits))
            // σ(−x) = 1 − σ(x).
            let s = try Enclosure.sigmoid(p, bits: bits), t = try Enclosure.sigmoid(m, bits: bits)
            #expect((Interval(.one) - s).overlaps(t))
            // GELU (erf form): g(x) − g(−x) = x.
            let g = try Enclosure.gelu(p, bits: bits) - Enclosure.gelu(m, bits: bits)
            #expect(g.contains(x))
            // tanh(x) = 2σ(2x) − 1.
            let s2 = try Enclosure.sigmoid(Interval(x * Rational(2)), bits: bits)
            #expect((s2 * Rational(2) - .one).overlaps(try Enclosure.tanh(p, bits: bits)))
        }
    }

    @Test func inverseFunctionsRoundTrip() throws {
        forAll(zip(Edge.rational(magnitudeAtMost: 30), Domain.bits)) { input throws in
            let (x, bits) = input
            let e = try Enclosure.exp(Interval(x), bits: bits)
            if e.lo.sign > 0 { #expect(try Enclosure.log(e, bits: bits).contains(x)) }
            let y = x.magnitude
            let r = try Enclosure.sqrt(Interval(y), bits: bits)
            #expect(r.squared.contains(y))
        }
    }
}
