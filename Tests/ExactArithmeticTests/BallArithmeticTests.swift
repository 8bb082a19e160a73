import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// BALL-ARB, the ring operations: every result contains the exact rational result, at a low
/// precision (wide balls) and a high one, and the two results overlap.
@Suite struct BallArithmeticTests {
    static let pairs = zip(Edge.rational(magnitudeAtMost: 1 << 30), Edge.rational(magnitudeAtMost: 1 << 30)).eraseToAny()

    @Test func ringOperationsContainTheExactResult() throws {
        forAll(cases: 300, Self.pairs) { pair throws in
            let (x, y) = pair
            for bits in [24, 192] {
                let a = Ball(x, precision: bits), b = Ball(y, precision: bits)
                #expect(try (a + b).interval.contains(x + y), "\(x) + \(y) at \(bits) bits")
                #expect(try (a - b).interval.contains(x - y), "\(x) − \(y) at \(bits) bits")
                #expect(try (a * b).interval.contains(x * y), "\(x) × \(y) at \(bits) bits")
                #expect(try (-a).interval.contains(-x))
                #expect(try a.divided(by: 7).interval.contains(try x / Rational(7)))
                if !y.isZero {
                    #expect(try (a / b).interval.contains(try x / y), "\(x) / \(y) at \(bits) bits")
                }
            }
            let low = Ball(x, precision: 24) * Ball(y, precision: 24), high = Ball(x, precision: 192) * Ball(y, precision: 192)
            #expect(try low.interval.overlaps(high.interval))
        }
    }

    /// Doubles (±0, subnormals, the extremes) are exact points; NaN and ±∞ are refused.
    @Test func doublesAreExactPoints() throws {
        forAll(cases: 300, Edge.double) { x in
            let b = try Ball(exactly: x)
            #expect(b.isExact && b.midpoint == x && b.lowerBound == x && b.upperBound == x)
            #expect(try b.interval == Interval(try Rational(exactly: x)))
        }
        for bad in [Double.nan, .infinity, -.infinity] { #expect(throws: ArithmeticError.self) { try Ball(exactly: bad) } }
    }

    /// Division by a ball that contains zero throws; so do 1/x and 1/√x there.
    @Test func divisionByABallWithZeroThrows() throws {
        let zeroish = try Ball(exactly: 1e-300) - (try Ball(exactly: 1e-300)) + Ball(try Rational(numerator: 1, denominator: 3), precision: 8) * .zero
        let wide = Ball(try Rational(numerator: 1, denominator: 3), precision: 2) - Ball(try Rational(numerator: 1, denominator: 3), precision: 200)
        for z in [zeroish, wide, Ball.zero] {
            #expect(throws: ArithmeticError.self) { try Ball.zero / z }
            #expect(throws: ArithmeticError.self) { try z.reciprocal() }
            #expect(throws: ArithmeticError.self) { try z.rsqrt() }
        }
        #expect(throws: ArithmeticError.self) { try Ball(exactly: -1).rsqrt() }
        #expect(throws: ArithmeticError.self) { try Ball(exactly: 1e300).atPrecision(64).exp().exp() }
    }

    /// Order: decided for disjoint balls and equal exact points, undecided for overlapping ones.
    @Test func orderIsDecidedOnlyWhenItIsCertain() throws {
        let third = Ball(try Rational(numerator: 1, denominator: 3), precision: 64)
        let alsoThird = Ball(try Rational(numerator: 1, denominator: 3), precision: 128)
        #expect(third.compare(alsoThird) == nil)
        #expect(try Ball(exactly: 0.25).compare(third) == -1)
        #expect(try Ball(exactly: 0.5).compare(third) == 1)
        #expect(try Ball(exactly: 0.5).compare(try Ball(exactly: 0.5)) == 0)
        #expect(try Ball(exactly: 7).floorDivided(by: try Ball(exactly: 2)) == 3)
        #expect(try Ball(exactly: -7).floorDivided(by: try Ball(exactly: 2)) == -4)
        #expect(try (third * Ball(exactly: 3)).floorDivided(by: try Ball(exactly: 1)) == nil)
    }
}
