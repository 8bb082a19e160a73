import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

@Suite("Rational: parsing and printing")
struct RationalParsingTests {
    @Test(arguments: [
        ("1/3", "1/3"), ("-6/4", "-3/2"), ("+7", "7"), ("0.1", "1/10"), ("-1.25e-3", "-1/800"),
        ("\u{2212}1.25e\u{2212}3", "-1/800"), ("  2.50  ", "5/2"), ("1E3", "1000"), (".5", "1/2"), ("5.", "5"),
        ("0x1.8p-1", "3/4"), ("-0x10", "-16"), ("0X1P+4", "16"), ("0x.8", "1/2"), ("0x1.fffffffffffffp1023", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"),
    ])
    func parsesExactly(_ text: String, _ expected: String) throws {
        #expect(try Rational(parsing: text).description == expected)
    }

    @Test(arguments: ["", " ", "abc", "1/0", "1/", "/2", "1.2.3", "1e", "1e+", "0x", "0xg", "nan", "inf", "-inf",
                      "1e999999", "1/2/3", "--1", "1 2", "0x1p", "1..2", "e5", "."])
    func rejectsMalformedNumbers(_ text: String) {
        #expect(throws: ArithmeticError.self) { try Rational(parsing: text) }
    }

    @Test func descriptionRoundTrips() throws {
        forAll(Edge.rational) { x throws in
            #expect(try Rational(parsing: x.description) == x)
        }
    }

    @Test func decimalsAgreeWithSwiftsCorrectlyRoundedParser() {
        // Swift's Double(String) rounds to nearest: an independent check of both the exact
        // decimal reading and the round-to-nearest conversion.
        forAll(zip(Gen.int(in: -999_999_999...999_999_999), Gen.int(in: -330...300))) { input throws in
            let (mantissa, exponent) = input
            let text = "\(mantissa)e\(exponent)"
            let expected = Double(text)!
            #expect(try Rational(parsing: text).doubleValue() == expected, "\(text)")
        }
    }

    @Test func outwardDecimalStringsEncloseTheValue() throws {
        forAll(zip(Edge.rational, Gen.int(in: 1...30))) { input throws in
            let (x, digits) = input
            let down = try Rational(parsing: x.decimalString(significantDigits: digits, .down))
            let up = try Rational(parsing: x.decimalString(significantDigits: digits, .up))
            #expect(down <= x && x <= up)
        }
        #expect(try Rational(parsing: "2/3").decimalString(significantDigits: 3, .down) == "0.666")
        #expect(try Rational(parsing: "2/3").decimalString(significantDigits: 3, .up) == "0.667")
        #expect(try Rational(parsing: "-2/3").decimalString(significantDigits: 3, .up) == "-0.666")
        #expect(try Rational(parsing: "999.99").decimalString(significantDigits: 3, .up) == "1.00e3")
        #expect(try Rational(parsing: "1e-9").decimalString(significantDigits: 2, .down) == "1.0e-9")
    }
}
