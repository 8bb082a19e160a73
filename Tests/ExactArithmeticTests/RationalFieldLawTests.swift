import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

@Suite("Rational: field and order laws")
struct RationalFieldLawTests {
    let triples = zip(Edge.rational, Edge.rational, Edge.rational)

    @Test func additionAndMultiplicationAreCommutativeAndAssociative() {
        forAll(triples) { input throws in
            let (a, b, c) = input
            #expect(a + b == b + a)
            #expect(a * b == b * a)
            #expect((a + b) + c == a + (b + c))
            #expect((a * b) * c == a * (b * c))
        }
    }

    @Test func multiplicationDistributesOverAddition() {
        forAll(triples) { input throws in
            let (a, b, c) = input
            #expect(a * (b + c) == a * b + a * c)
        }
    }

    @Test func inversesAndIdentities() throws {
        forAll(Edge.rational) { a throws in
            #expect(a + .zero == a)
            #expect(a * .one == a)
            #expect(a + (-a) == .zero)
            #expect(a - a == .zero)
            if !a.isZero {
                #expect(try a * a.reciprocal() == .one)
                #expect(try a / a == .one)
            }
        }
    }

    @Test func orderIsTotalAndCompatibleWithArithmetic() {
        forAll(triples) { input throws in
            let (a, b, c) = input
            #expect([a < b, a == b, a > b].filter { $0 }.count == 1)
            if a < b && b < c { #expect(a < c) }
            if a < b { #expect(a + c < b + c) }
            if a < b && c.sign > 0 { #expect(a * c < b * c) }
            if a < b && c.sign < 0 { #expect(a * c > b * c) }
            #expect(Swift.min(a, b) <= Swift.max(a, b))
        }
    }

    @Test func equalValuesHashEqually() throws {
        forAll(zip(Edge.rational, Gen.int(in: 1...1000))) { input throws in
            let (a, k) = input
            // a·k/k is a equal value built another way.
            let b = try (a * Rational(k)) / Rational(k)
            #expect(a == b)
            #expect(a.hashValue == b.hashValue)
        }
        #expect(Set([try Rational(numerator: 2, denominator: 4), try Rational(numerator: -3, denominator: -6)]).count == 1)
    }

    @Test func signMagnitudeAndCanonicalForm() throws {
        let x = try Rational(numerator: 6, denominator: -4)
        #expect(x.description == "-3/2")
        #expect(x.sign == -1)
        #expect(x.magnitude.description == "3/2")
        #expect(x.numeratorBitWidth == 2 && x.denominatorBitWidth == 2)
        #expect(Rational.zero.numeratorBitWidth == 0)
        #expect(Rational.zero.sign == 0)
    }

    @Test func integerPowers() throws {
        forAll(zip(Edge.rational(magnitudeAtMost: 1000), Gen.int(in: -6...6), Gen.int(in: -6...6))) { input throws in
            let (a, m, n) = input
            if a.isZero && (m < 0 || n < 0) {
                #expect(throws: ArithmeticError.self) { try a.power(Swift.min(m, n)) }
                return
            }
            #expect(try a.power(m) * a.power(n) == a.power(m + n))
            #expect(try a.power(m).power(n) == a.power(m * n))
        }
        #expect(try Rational(-2).power(3) == Rational(-8))
        #expect(try Rational(2).power(-2) == Rational(numerator: 1, denominator: 4))
        #expect(throws: ArithmeticError.self) { try Rational(3).power(Int.max) }
    }

    @Test func floorCeilAndRound() throws {
        forAll(Edge.rational) { x throws in
            let f = x.floor, c = x.ceil
            #expect(f.isInteger && c.isInteger)
            #expect(f <= x && x < f + .one)
            #expect(c >= x && x > c - .one)
            let r = x.rounded()
            #expect((r - x).magnitude <= .powerOfTwo(-1))
        }
        let half = try Rational(parsing: "5/2")
        #expect(half.rounded() == Rational(3))
        #expect(half.rounded(.toNearestOrEven) == Rational(2))
        #expect((-half).rounded() == Rational(-3))
        #expect((-half).rounded(.toNearestOrEven) == Rational(-2))
        #expect((-half).rounded(.towardZero) == Rational(-2))
        #expect((-half).floor == Rational(-3))
        #expect((-half).ceil == Rational(-2))
    }

    @Test func divisionByZeroAndZeroDenominatorAreErrors() {
        #expect(throws: ArithmeticError.self) { try Rational(1) / .zero }
        #expect(throws: ArithmeticError.self) { try Rational.zero.reciprocal() }
        #expect(throws: ArithmeticError.zeroDenominator) { try Rational(numerator: 1, denominator: 0) }
    }

    @Test func copiesAreIndependent() {
        var a = Rational(5)
        let b = a
        a += Rational(1)
        a *= Rational(2)
        a -= Rational(3)
        #expect(a == Rational(9))
        #expect(b == Rational(5))
    }
}
