import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// Rational.fraction, the constants' constructor: the same value as the checked initialiser
/// for every numerator and non-zero denominator (negative ones, ±1, the extremes), and a zero
/// denominator stops the process rather than giving a value.
@Suite struct RationalConstantTests {
    static let pairs = zip(Gen.int(in: -1_000_000...1_000_000), Gen.int(in: -1_000_000...1_000_000), Gen.int(in: 0...3))
        .map { n, d, edge -> (Int, Int) in
            switch edge {
            case 0: return (n, d == 0 ? 1 : d)
            case 1: return ([Int.max, Int.min + 1, 0, 1][abs(n) % 4], [1, -1, Int.max, 7][abs(d) % 4])
            default: return (n, d == 0 ? -1 : d)
            }
        }.eraseToAny()

    @Test func equalsTheCheckedInitialiser() throws {
        forAll(cases: 200, Self.pairs) { pair throws in
            let (n, d) = pair
            #expect(Rational.fraction(n, d) == (try Rational(numerator: n, denominator: d)), "\(n)/\(d)")
        }
        #expect(Rational.fraction(1, 100_000) == (try Rational(parsing: "1e-5")))
    }

    @Test func aZeroDenominatorStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = Rational.fraction(1, 0)
        }
    }
}
