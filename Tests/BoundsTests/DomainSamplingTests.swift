import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing
import Tensors

/// The points an a priori domain is measured on lie in it exactly, the input first, then
/// corners (all +, all −, random signs) and interior points.
@Suite struct DomainSamplingTests {
    @Test func pointsLieInTheDomain() {
        forAll(cases: 100, zip(Edge.double, Gen.int(in: 0...4), Gen.int(in: 1...20))) { value, which, count in
            let x = try Tensor(shape: [2, 3], values: (0..<6).map { value.isFinite ? value / Double($0 + 1) : Double($0) })
            let margin = [Rational.zero, Rational.powerOfTwo(-8), try Rational(parsing: "1/3"), Rational(1000), Rational.powerOfTwo(-60)][which]
            let points = try DomainSampling.points(around: x, margin: margin, count: count, seed: 9)
            #expect(points.count == count)
            #expect(points[0].values == x.values)
            for p in points {
                for (a, c) in zip(p.values, x.values) {
                    #expect(try (Rational(exactly: a) - Rational(exactly: c)).magnitude <= margin, "\(a) is outside \(c) ± \(margin)")
                }
            }
        }
    }

    @Test func cornersReachTheMargin() throws {
        let x = try Tensor(shape: [1, 4], values: [0, 0.5, -2, 7])
        let points = try DomainSampling.points(around: x, margin: Rational.powerOfTwo(-8), count: 16, seed: 9)
        #expect(points[1].values == x.values.map { $0 + 1.0 / 256 })
        #expect(points[2].values == x.values.map { $0 - 1.0 / 256 })
        let step = 1.0 / 256
        for p in points[3...8] {
            let distances: [Double] = zip(p.values, x.values).map { a, c in abs(a - c) }
            #expect(distances == [Double](repeating: step, count: 4))
        }
        #expect(throws: BoundError.self) { try DomainSampling.points(around: x, margin: Rational(-1), count: 4, seed: 1) }
        #expect(throws: BoundError.self) { try DomainSampling.points(around: x, margin: .zero, count: 0, seed: 1) }
    }
}
