import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Statistics
import Testing

/// STAT-BIN: the exact binomial tail against python's fractions (scripts/statistics-oracle.py),
/// against an independent recursion, and its functional equations, on edges: p = 0, 1, ½, tiny
/// and nearly 1; k below 0, at 0, n − 1, n and past n; n = 0 and 1.
@Suite struct BinomialTailTests {
    /// (k, n, p, exact P(X ≤ k)) printed by scripts/statistics-oracle.py.
    static let oracle: [(Int, Int, Int, Int, String)] = [
        (3, 10, 3, 10, "406006699/625000000"),
        (0, 5, 1, 2, "1/32"),
        (12, 40, 1, 7, "907000183504383820526649486606336/909543680129861140820205019889143"),
        (1, 3, 999, 1000, "1499/500000000"),
        (78, 83, 19, 20,
         "19398861043804720294968828336246315193779156498118999258189268941742785883969357258676881302126951390579433/48357032784585166988247040000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (58, 59, 19, 20,
         "54850556179554360283936241375888386167706795153279180449878283845821981571221/57646075230342348800000000000000000000000000000000000000000000000000000000000"),
    ]

    @Test func equalsTheIndependentOracle() throws {
        for (k, n, a, b, expected) in Self.oracle {
            let p = try Rational(numerator: a, denominator: b)
            #expect(try BinomialTail.cdf(k, n: n, p: p) == Rational(parsing: expected), "P(Bin(\(n), \(a)/\(b)) ≤ \(k))")
        }
    }

    /// P(X_n ≤ k) = (1 − p)·P(X_(n−1) ≤ k) + p·P(X_(n−1) ≤ k − 1): a recursion that shares no
    /// code with the Horner sum, over every k of every n up to 24.
    @Test func agreesWithThePascalRecursion() throws {
        forAll(cases: 40, Self.probability) { p throws in
            var previous = [Rational.one]  // n = 0: P(X ≤ k) = 1 for k ≥ 0
            for n in 1...24 {
                var row = [Rational]()
                for k in 0...n {
                    let stay = k < previous.count ? previous[k] : .one
                    let fromBelow = k >= 1 ? (k - 1 < previous.count ? previous[k - 1] : .one) : .zero
                    row.append((.one - p) * stay + p * fromBelow)
                }
                for k in -1...(n + 1) {
                    let expected = k < 0 ? .zero : (k >= n ? .one : row[k])
                    #expect(try BinomialTail.cdf(k, n: n, p: p) == expected, "n = \(n), k = \(k), p = \(p)")
                }
                previous = row
            }
        }
    }

    /// P(X ≤ k; p) + P(X ≤ n − k − 1; 1 − p) = 1, the tail increases in k and decreases in p.
    @Test func symmetryAndMonotonicity() throws {
        forAll(cases: 60, zip(Self.probability, Gen.int(in: 0...60)).eraseToAny()) { pair throws in
            let (p, n) = pair
            for k in stride(from: 0, through: n, by: Swift.max(1, n / 7)) {
                let here = try BinomialTail.cdf(k, n: n, p: p)
                #expect(here + (try BinomialTail.cdf(n - k - 1, n: n, p: .one - p)) == .one, "n = \(n), k = \(k), p = \(p)")
                #expect(try BinomialTail.cdf(k + 1, n: n, p: p) >= here)
                let larger = (p + .one) * Rational.powerOfTwo(-1)
                #expect(try BinomialTail.cdf(k, n: n, p: larger) <= here)
                #expect(try BinomialTail.survival(k, n: n, p: p) == .one - (try BinomialTail.cdf(k - 1, n: n, p: p)))
            }
        }
    }

    @Test func edgesAndRefusals() throws {
        #expect(try BinomialTail.cdf(0, n: 0, p: .one) == .one)
        #expect(try BinomialTail.cdf(0, n: 7, p: .zero) == .one)
        #expect(try BinomialTail.cdf(6, n: 7, p: .one) == .zero)
        #expect(try BinomialTail.cdf(7, n: 7, p: .one) == .one)
        #expect(try BinomialTail.cdf(0, n: 300, p: Rational.powerOfTwo(-1)) == Rational.powerOfTwo(-300))
        #expect(throws: StatisticsError.self) { try BinomialTail.cdf(1, n: -1, p: .zero) }
        #expect(throws: StatisticsError.self) { try BinomialTail.cdf(1, n: 3, p: Rational(2)) }
        #expect(throws: StatisticsError.self) { try BinomialTail.cdf(1, n: 3, p: Rational(-1)) }
    }

    /// Probabilities with the edges: 0, 1, ½, 2^−60, 1 − 2^−60, thirds and sevenths, and
    /// fractions with denominators up to 1000.
    static let probability: AnyGen<Rational> = zip(Gen.int(in: 0...7), Gen.int(in: 0...1000)).map { kind, m in
        switch kind {
        case 0: return Rational.zero
        case 1: return Rational.one
        case 2: return Rational.powerOfTwo(-1)
        case 3: return Rational.powerOfTwo(-60)
        case 4: return .one - Rational.powerOfTwo(-60)
        case 5: return (try? Rational(numerator: m % 3, denominator: 3)) ?? .zero
        case 6: return (try? Rational(numerator: m % 7, denominator: 7)) ?? .zero
        default: return (try? Rational(numerator: m, denominator: 1000)) ?? .zero
        }
    }.eraseToAny()
}
