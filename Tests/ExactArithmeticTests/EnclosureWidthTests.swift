import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// Width for point inputs: at most 2^−bits·max(1, |f(x)|) (theorem ENC-GRID), and the
/// error paths of the enclosures.
@Suite("Enclosures: width and errors")
struct EnclosureWidthTests {
    @Test(arguments: ElementaryFunction.allCases)
    func pointInputsMeetTheWidthBound(_ f: ElementaryFunction) throws {
        forAll(named: "width-\(f.rawValue)", cases: 60, zip(Domain.generator(for: f), Domain.bits)) { input throws in
            let (x, bits) = input
            let y = try f.enclose(Interval(x), bits: bits)
            let scale = Swift.max(.one, y.magnitude)
            #expect(y.width <= Rational.powerOfTwo(-bits) * scale, "\(f.rawValue)(\(x)) at \(bits) bits: \(y)")
        }
    }

    @Test func largeArgumentsAtHighPrecision() throws {
        // Tails: values that sit within far less than one grid step of 0 or ±1.
        for (f, x) in [(ElementaryFunction.erf, "30"), (.erf, "-1e6"), (.tanh, "1e5"), (.sigmoid, "-5000"),
                       (.exp, "-1e6"), (.gelu, "-40"), (.gelu, "40"), (.quickGelu, "-1e4"), (.exp, "700")] {
            for bits in [1, 53, 300] {
                let y = try f.enclose(Interval(try Rational(parsing: x)), bits: bits)
                #expect(y.width <= Rational.powerOfTwo(-bits) * Swift.max(.one, y.magnitude), "\(f)(\(x)) at \(bits)")
            }
        }
    }

    @Test func domainErrors() throws {
        let zero = Interval(.zero), negative = Interval(-.one)
        #expect(throws: ArithmeticError.self) { try Enclosure.log(zero, bits: 53) }
        #expect(throws: ArithmeticError.self) { try Enclosure.log(try Interval(-.one, .one), bits: 53) }
        #expect(throws: ArithmeticError.self) { try Enclosure.sqrt(negative, bits: 53) }
        #expect(throws: ArithmeticError.self) { try Enclosure.rsqrt(zero, bits: 53) }
        #expect(throws: ArithmeticError.self) { try Enclosure.reciprocal(try Interval(-.one, .one), bits: 53) }
        #expect(throws: ArithmeticError.self) { try Enclosure.exp(Interval(.powerOfTwo(21)), bits: 53) }
        #expect(throws: ArithmeticError.self) { try Enclosure.exp(Interval(.one), bits: 0) }
        #expect(throws: ArithmeticError.self) { try Enclosure.erf(Interval(.one), bits: Precision.maximumBits + 1) }
    }
}
