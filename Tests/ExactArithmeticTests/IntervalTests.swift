import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

@Suite("Interval arithmetic")
struct IntervalTests {
    let small = Edge.rational(magnitudeAtMost: 1_000_000)

    @Test func operationsContainEveryPointwiseResult() throws {
        forAll(zip(Edge.interval(small), Edge.interval(small))) { input throws in
            let (a, b) = input
            for x in Edge.samples(a, count: 3) {
                for y in Edge.samples(b, count: 3) {
                    #expect((a + b).contains(x + y))
                    #expect((a - b).contains(x - y))
                    #expect((a * b).contains(x * y))
                    if !b.containsZero { #expect(try (a / b).contains(try x / y)) }
                }
                #expect((-a).contains(-x))
                #expect(a.squared.contains(x * x))
            }
        }
    }

    @Test func operationsAreInclusionIsotonic() throws {
        forAll(zip(Edge.boxAndSubBox(small), Edge.boxAndSubBox(small))) { input throws in
            let (ab, cd) = input
            let (a, a1) = ab, (b, b1) = cd
            #expect((a + b).contains(a1 + b1))
            #expect((a - b).contains(a1 - b1))
            #expect((a * b).contains(a1 * b1))
            if !b.containsZero { #expect(try (a / b).contains(try a1 / b1)) }
            for n in [-3, -2, 2, 3, 4] where n > 0 || !a.containsZero {
                #expect(try a.power(n).contains(try a1.power(n)))
            }
        }
    }

    @Test func evenPowersOfStraddlingIntervalsAreTight() throws {
        let x = try Interval(Rational(-2), Rational(3))
        #expect(try x.power(2) == (try Interval(Rational(0), Rational(9))))
        #expect(try x.power(3) == (try Interval(Rational(-8), Rational(27))))
        #expect(try x.power(4) == (try Interval(Rational(0), Rational(81))))
        #expect(x.squared == (try Interval(Rational(0), Rational(9))))
        // Tight: both ends are attained by a point of x.
        forAll(Edge.interval(small)) { x throws in
            for n in 1...4 {
                let p = try x.power(n)
                let values = Edge.samples(x, count: 1) + (x.containsZero ? [Rational.zero] : [])
                let attained = try values.map { try $0.power(n) }
                #expect(attained.contains(p.lo) && attained.contains(p.hi))
            }
        }
    }

    @Test func divisionByAnIntervalContainingZeroIsAnError() throws {
        let a = Interval(Rational(1))
        let b = try Interval(Rational(-1), Rational(1))
        #expect(throws: ArithmeticError.self) { try a / b }
        #expect(throws: ArithmeticError.self) { try b.reciprocal() }
        #expect(throws: ArithmeticError.self) { try b.power(-2) }
        #expect(throws: ArithmeticError.self) { try Interval(Rational(2), Rational(1)) }
    }

    @Test func setOperations() throws {
        let a = try Interval(Rational(-1), Rational(3)), b = try Interval(Rational(2), Rational(5))
        #expect(a.hull(b) == (try Interval(Rational(-1), Rational(5))))
        #expect(a.intersection(b) == (try Interval(Rational(2), Rational(3))))
        #expect(a.intersection(try Interval(Rational(4), Rational(5))) == nil)
        #expect(a.contains(Rational(3)) && !a.contains(Rational(4)))
        #expect(a.width == Rational(4) && a.midpoint == Rational(1) && a.radius == Rational(2))
        #expect(a.magnitude == Rational(3) && a.mignitude == .zero && b.mignitude == Rational(2))
        #expect(try Interval(parsing: "[ -1/2 , 0.25 ]") == Interval(try Rational(parsing: "-1/2"), try Rational(parsing: "1/4")))
        #expect(throws: ArithmeticError.self) { try Interval(parsing: "[1,2") }
        #expect(throws: ArithmeticError.self) { try Interval(parsing: "[1,2,3]") }
    }

    /// Theorem ENC-SIMP.
    @Test func outwardSimplificationContainsAndBoundsBits() throws {
        forAll(zip(Edge.interval(Edge.rational), Gen.int(in: 1...80))) { input throws in
            let (x, k) = input
            let s = try x.simplified(bits: k)
            #expect(s.contains(x))
            for end in [s.lo, s.hi] where !end.isZero {
                #expect(end.isDyadic)
                // At most k significant bits: the odd part of the numerator has ≤ k bits.
                var n = end.numerator.magnitude
                while n.isInteger && (try! n / Rational(2)).isInteger { n = try! n / Rational(2) }
                #expect(n.numeratorBitWidth <= k)
            }
            // Tight: each end moves by less than one unit in its k-th bit.
            #expect(s.lo.roundedToSignificantBits(k, .down) == s.lo)
            #expect(x.lo - s.lo <= x.lo.magnitude * .powerOfTwo(1 - k))
            #expect(s.hi - x.hi <= x.hi.magnitude * .powerOfTwo(1 - k))
        }
        #expect(throws: ArithmeticError.self) { try Interval(Rational(1)).simplified(bits: 0) }
    }

    @Test func simplificationIsMonotone() throws {
        forAll(zip(Edge.boxAndSubBox(Edge.rational), Gen.int(in: 1...60))) { input throws in
            let (pair, k) = input
            let (x, y) = pair
            #expect(try x.simplified(bits: k).contains(try y.simplified(bits: k)))
        }
    }
}
