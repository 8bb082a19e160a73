import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// Theorem ENC-DIR: correctly rounded conversion to Double and Float in each direction.
@Suite("Rational: conversion to and from binary floating point")
struct RationalConversionTests {
    @Test func doubleRoundTripsExactlyInEveryDirection() throws {
        forAll(Edge.double) { d throws in
            let r = try Rational(exactly: d)
            for direction in RoundingDirection.allCases {
                let back = r.doubleValue(rounding: direction)
                #expect(back == d, "\(d) via \(r) rounded \(direction) gave \(back)")
            }
        }
    }

    @Test func floatRoundTripsExactlyInEveryDirection() throws {
        forAll(Edge.double) { d throws in
            let f = Float(d)
            guard f.isFinite else { return }
            let r = try Rational(exactly: f)
            for direction in RoundingDirection.allCases {
                #expect(r.floatValue(rounding: direction) == f)
            }
        }
    }

    @Test func directedRoundingBracketsWithAdjacentDoubles() throws {
        forAll(Edge.rational) { x throws in
            let down = x.doubleValue(rounding: .down)
            let up = x.doubleValue(rounding: .up)
            let nearest = x.doubleValue(rounding: .toNearestEven)
            if down.isFinite { #expect((try Rational(exactly: down)) <= x) }
            if up.isFinite { #expect((try Rational(exactly: up)) >= x) }
            #expect(down == up || down.nextUp == up, "\(x): \(down) and \(up) are not adjacent")
            #expect(nearest == down || nearest == up)
            if down.isFinite && up.isFinite && down != up {
                // Nearest: no farther than the other neighbour; ties go to the even significand.
                let dd = x - (try Rational(exactly: down)), du = (try Rational(exactly: up)) - x
                if dd < du { #expect(nearest == down) }
                if du < dd { #expect(nearest == up) }
                if dd == du {
                    let even = down.significandBitPattern & 1 == 0 ? down : up
                    #expect(nearest == even)
                }
            }
        }
    }

    @Test func directedRoundingOfFloats() throws {
        forAll(Edge.rational) { x throws in
            let down = x.floatValue(rounding: .down), up = x.floatValue(rounding: .up)
            if down.isFinite { #expect((try Rational(exactly: down)) <= x) }
            if up.isFinite { #expect((try Rational(exactly: up)) >= x) }
            #expect(down == up || down.nextUp == up)
        }
    }

    @Test func knownCasesOfRounding() throws {
        let tenth = try Rational(parsing: "1/10")
        #expect(tenth.doubleValue() == 0.1)  // GMP's own conversion gives 0.09999999999999999
        #expect(tenth.doubleValue(rounding: .down) == 0.1.nextDown || tenth.doubleValue(rounding: .down) == 0.1)
        #expect(tenth.doubleValue(rounding: .down) < tenth.doubleValue(rounding: .up))
        // Overflow: nearest and away from zero go to infinity, toward zero saturates.
        let huge = Rational.powerOfTwo(2000)
        #expect(huge.doubleValue() == .infinity)
        #expect(huge.doubleValue(rounding: .down) == .greatestFiniteMagnitude)
        #expect((-huge).doubleValue(rounding: .up) == -.greatestFiniteMagnitude)
        #expect((-huge).doubleValue(rounding: .down) == -.infinity)
        // Underflow: the smallest subnormal or zero.
        let tiny = Rational.powerOfTwo(-2000)
        #expect(tiny.doubleValue() == 0)
        #expect(tiny.doubleValue(rounding: .up) == .leastNonzeroMagnitude)
        #expect((-tiny).doubleValue(rounding: .down) == -.leastNonzeroMagnitude)
        // A tie between subnormals goes to the even one.
        let tie = Rational.powerOfTwo(-1074) * (try Rational(parsing: "3/2"))
        #expect(tie.doubleValue() == 2 * .leastNonzeroMagnitude)
    }

    @Test func nonFiniteInputsAreErrors() {
        #expect(throws: ArithmeticError.self) { try Rational(exactly: Double.nan) }
        #expect(throws: ArithmeticError.self) { try Rational(exactly: Double.infinity) }
        #expect(throws: ArithmeticError.self) { try Rational(exactly: -Float.infinity) }
    }
}
