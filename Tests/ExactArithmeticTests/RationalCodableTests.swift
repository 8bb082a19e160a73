import ExactArithmetic
import Foundation
import PropertyBased
import PropertyTestSupport
import Testing

/// Rational's Codable conformance: written and read back, every rational is the same rational
/// (zero, integers, huge and tiny magnitudes, dyadic doubles); text that is not a rational is a
/// decoding error, never a wrong value.
@Suite struct RationalCodableTests {
    static func roundTrip(_ x: Rational) throws -> Rational {
        try JSONDecoder().decode([Rational].self, from: try JSONEncoder().encode([x]))[0]
    }

    @Test func everyRationalComesBackEqual() throws {
        forAll(Edge.rational) { x throws in
            #expect(try Self.roundTrip(x) == x, "\(x)")
        }
    }

    @Test func everyFiniteDoubleComesBackExactly() throws {
        forAll(Edge.double) { d throws in
            let x = try Rational(exactly: d)
            #expect(try Self.roundTrip(x) == x, "\(d)")
            #expect(try Self.roundTrip(x).doubleValue() == d || d == 0, "\(d)")
        }
    }

    @Test func writesTheExactFraction() throws {
        let x = try Rational(numerator: -7, denominator: 3)
        #expect(try JSONDecoder().decode([String].self, from: try JSONEncoder().encode([x])) == ["-7/3"])
    }

    @Test(arguments: [#"["1/0"]"#, #"["x"]"#, "[3]", #"["1/2/3"]"#, #"[""]"#])
    func refusesWhatIsNotARational(_ json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Rational].self, from: Data(json.utf8)) }
    }
}
