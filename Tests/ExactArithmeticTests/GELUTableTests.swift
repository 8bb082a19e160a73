import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// Theorem ENC-GELU-TAB: the tabulated GELU over boxes contains the true range, and is at most
/// 2^−14 wider than the tight enclosure at each end.
@Suite("Enclosures: tabulated GELU over boxes")
struct GELUTableTests {
    /// An endpoint: an exact grid point of the table (step 2^−8), a point just off one, a point
    /// near the table's ends ±8 (±24 for quick), the minimum's neighbourhood, zero, or the far tails.
    static var endpoint: AnyGen<Rational> {
        zip(Gen.int(in: 0...6), Gen.int(in: -6200...6200), Gen.int(in: 1...999))
        .map { kind, n, m -> Rational in
            let offGrid = try! Rational(numerator: m, denominator: 1_048_573)
            switch kind {
            case 0: return Rational(n).timesPowerOfTwo(-8)
            case 1: return Rational(n).timesPowerOfTwo(-8) + offGrid
            case 2: return Rational(n.signum() * 8) + offGrid * Rational(n % 3 - 1)
            case 3: return Rational(n.signum() * 24) + offGrid * Rational(n % 3 - 1)
            case 4: return try! Rational(numerator: -750 + n % 300, denominator: 1000)
            case 5: return .zero
            default: return Rational(n) * Rational(7)
            }
        }.eraseToAny()
    }

    @Test(arguments: GELUForm.allCases)
    func containsTheRangeAndIsNearlyTight(_ form: GELUForm) throws {
        let slack = Rational.powerOfTwo(-14)
        forAll(named: "gelu-table-\(form.rawValue)", cases: 120, zip(Self.endpoint, Self.endpoint, Gen.int(in: 0...1000))) { input throws in
            let (a, b, t) = input
            let x = try Interval(Swift.min(a, b), Swift.max(a, b))
            let tabulated = try Enclosure.tabulatedGELU(x, form: form, bits: 64)
            let tight = try Enclosure.gelu(x, form: form, bits: 64)
            // The true range lies in the tight enclosure; its points g(p) must lie in the table's.
            for p in [x.lo, x.hi, x.lo + x.width * (try Rational(numerator: t, denominator: 1000))] {
                let value = try Enclosure.gelu(Interval(p), form: form, bits: 200).midpoint
                #expect(tabulated.contains(value), "\(form): g(\(p)) ≈ \(value.doubleValue()) ∉ \(tabulated) over \(x)")
            }
            #expect(tabulated.lo >= tight.lo - slack && tabulated.hi <= tight.hi + slack,
                    "\(form): \(tabulated) is more than 2^-14 wider than \(tight) over \(x)")
        }
    }

    /// A point box takes the tight path.
    @Test func pointsAreTight() throws {
        for form in GELUForm.allCases {
            for p in ["-3.25", "0.1", "7.999", "100"] {
                let x = Interval(try Rational(parsing: p))
                #expect(try Enclosure.tabulatedGELU(x, form: form, bits: 64) == Enclosure.gelu(x, form: form, bits: 64))
            }
        }
    }
}
