@testable import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// Softmax and LayerNorm (theorems ENC-SOFTMAX and ENC-LAYERNORM).
@Suite("Enclosures: softmax and LayerNorm")
struct VectorEnclosureTests {
    static let vector = Edge.rational(magnitudeAtMost: 30).array(of: 1...6)

    static func box(_ xs: [Rational], _ widths: [Int]) -> [Interval] {
        xs.indices.map { i in
            let w = (try! Rational(numerator: widths[i % widths.count], denominator: 8))
            return try! Interval(xs[i], xs[i] + w)
        }
    }

    @Test func softmaxOfPointsSumsToOne() throws {
        forAll(zip(Self.vector, Domain.bits)) { input throws in
            let (x, bits) = input
            let y = try Enclosure.softmax(x.map { Interval($0) }, bits: bits)
            let sum = y.reduce(Interval(.zero), +)
            #expect(sum.contains(.one))
            for yi in y { #expect(yi.width <= .powerOfTwo(-bits)) }
        }
    }

    @Test func softmaxIsShiftInvariantExactly() throws {
        forAll(zip(Self.vector, Edge.rational(magnitudeAtMost: 100))) { input throws in
            let (x, c) = input
            let a = try Enclosure.softmax(x.map { Interval($0) }, bits: 53)
            let b = try Enclosure.softmax(x.map { Interval($0 + c) }, bits: 53)
            #expect(a == b)
        }
    }

    @Test func softmaxBoxesContainSamplesAndSubBoxes() throws {
        forAll(zip(Self.vector, Gen.int(in: 0...8).array(of: 6...6), Gen.int(in: 0...8))) { input throws in
            let (x, widths, t) = input
            let box = Self.box(x, widths)
            let y = try Enclosure.softmax(box, bits: 30)
            let f = try Rational(numerator: t, denominator: 8)
            let inner = box.map { Interval($0.lo + $0.width * f) }
            let yi = try Enclosure.softmax(inner, bits: 30)
            for i in y.indices { #expect(y[i].contains(yi[i]), "softmax(\(box))[\(i)] = \(y[i]) ⊅ \(yi[i])") }
            let half = box.map { try! Interval($0.lo, $0.midpoint) }
            let yh = try Enclosure.softmax(half, bits: 30)
            for i in y.indices { #expect(y[i].contains(yh[i])) }
        }
    }

    @Test func layerNormOfPoints() throws {
        forAll(zip(Self.vector, Domain.bits)) { input throws in
            let (x, bits) = input
            let n = x.count
            let spread = x.contains { $0 != x[0] }
            let eps = spread ? Rational.zero : try Rational(parsing: "1e-5")
            let y = try Enclosure.layerNorm(
                x.map { Interval($0) }, gamma: Array(repeating: .one, count: n), beta: Array(repeating: .zero, count: n),
                epsilon: eps, bits: bits)
            // mean 0 and, with ε = 0, mean of squares 1.
            let sum = y.reduce(Interval(.zero), +)
            #expect(sum.contains(.zero))
            if spread {
                let squares = y.reduce(Interval(.zero)) { $0 + $1.squared } * inverseOf(n)
                #expect(squares.contains(.one))
            }
            for yi in y { #expect(yi.width <= .powerOfTwo(-bits) * Swift.max(.one, yi.magnitude)) }
        }
    }

    @Test func layerNormIsScaleInvariantWithoutEpsilon() throws {
        forAll(zip(Self.vector, Gen.int(in: 1...1000))) { input throws in
            let (x, k) = input
            guard x.contains(where: { $0 != x[0] }) else { return }
            let n = x.count
            let ones = Array(repeating: Rational.one, count: n), zeros = Array(repeating: Rational.zero, count: n)
            let a = try Enclosure.layerNorm(x.map { Interval($0) }, gamma: ones, beta: zeros, epsilon: .zero, bits: 53)
            let c = try Rational(numerator: k, denominator: 7)
            let b = try Enclosure.layerNorm(x.map { Interval($0 * c + .one) }, gamma: ones, beta: zeros, epsilon: .zero, bits: 53)
            #expect(a == b)
        }
    }

    @Test func layerNormBoxesContainSamplesAndSubBoxes() throws {
        forAll(zip(Self.vector, Gen.int(in: 0...8).array(of: 6...6), Gen.int(in: 0...8))) { input throws in
            let (x, widths, t) = input
            let n = x.count
            let box = Self.box(x, widths)
            let gamma = (0..<n).map { Rational($0 - 1) }, beta = (0..<n).map { try! Rational(numerator: $0, denominator: 3) }
            let eps = try Rational(parsing: "1e-3")
            let y = try Enclosure.layerNorm(box, gamma: gamma, beta: beta, epsilon: eps, bits: 30)
            let f = try Rational(numerator: t, denominator: 8)
            let point = box.map { Interval($0.lo + $0.width * f) }
            let yp = try Enclosure.layerNorm(point, gamma: gamma, beta: beta, epsilon: eps, bits: 30)
            for i in y.indices { #expect(y[i].contains(yp[i]), "LayerNorm(\(box))[\(i)] = \(y[i]) ⊅ \(yp[i])") }
            let half = box.map { try! Interval($0.midpoint, $0.hi) }
            let yh = try Enclosure.layerNorm(half, gamma: gamma, beta: beta, epsilon: eps, bits: 30)
            for i in y.indices { #expect(y[i].contains(yh[i])) }
        }
    }

    /// Lemma CAP: over any box, even one that holds vectors of variance near 0, every entry stays
    /// within β_i ± |γ_i|·√(n − 1) (up to the 2^−16 of the rounded root), while still holding the
    /// value at the vector (1, 0, …, 0), which comes within ε of that cap.
    @Test func layerNormOfWideBoxesIsCapped() throws {
        forAll(zip(Gen.int(in: 2...12), Gen.int(in: 1...64), Gen.int(in: -8...8))) { input throws in
            let (n, width, shift) = input
            let radius = Rational(width)
            let box = try (0..<n).map { _ in try Interval(Rational(shift) - radius, Rational(shift) + radius) }
            let gamma = try (0..<n).map { Rational($0 % 3 - 1) * (try Rational(numerator: 3, denominator: 2)) }
            let beta = try (0..<n).map { try Rational(numerator: $0, denominator: 4) }
            let eps = Rational.powerOfTwo(-20)
            let y = try Enclosure.layerNorm(box, gamma: gamma, beta: beta, epsilon: eps, bits: 40)
            let root = Enclosure.squareRootUpperBound(n - 1)
            #expect(root * root >= Rational(n - 1) && root * root <= Rational(n - 1) + Rational.powerOfTwo(-10))
            let spike = (0..<n).map { Interval(Rational(shift) + ($0 == 0 ? .one : .zero)) }
            let value = try Enclosure.layerNorm(spike, gamma: gamma, beta: beta, epsilon: eps, bits: 40)
            for i in 0..<n {
                let cap = gamma[i].magnitude * root
                #expect(y[i].lo >= beta[i] - cap && y[i].hi <= beta[i] + cap, "entry \(i): \(y[i]) past β ± \(cap.doubleValue())")
                #expect(y[i].contains(value[i]), "entry \(i): \(y[i]) lost the value \(value[i]) at (1, 0, …, 0)")
            }
        }
    }

    /// The exact minimum variance over a box is attained (it is the variance of some point of
    /// the box) and no sampled point of the box goes below it.
    @Test func minimumVarianceOverABox() throws {
        forAll(zip(Self.vector, Gen.int(in: 0...8).array(of: 6...6), Gen.int(in: 0...1000).array(of: 6...6))) { input throws in
            let (x, widths, fractions) = input
            let box = Self.box(x, widths)
            let n = x.count
            let m = Enclosure.minimumVariance(box)
            func variance(_ v: [Rational]) -> Rational {
                let mean = v.reduce(.zero, +) * inverseOf(n)
                return v.reduce(.zero) { $0 + ($1 - mean) * ($1 - mean) } * inverseOf(n)
            }
            for corner in 0..<(1 << n) {
                let v = box.indices.map { (corner >> $0) & 1 == 0 ? box[$0].lo : box[$0].hi }
                #expect(variance(v) >= m)
            }
            let sample = box.indices.map { box[$0].lo + box[$0].width * (try! Rational(numerator: fractions[$0], denominator: 1000)) }
            #expect(variance(sample) >= m)
            // Attained: the projection of the constant vector t onto the box, for the best t, is a
            // point of the box; its variance can only be ≤ the bound, so equal.
            if box.allSatisfy(\.isPoint) { #expect(m == variance(box.map(\.lo))) }
        }
        // (0, 1, [−1, 2]): the minimum 1/6 is at x₃ = 1/2, and ε = 0 is then allowed.
        let box = [Interval(.zero), Interval(.one), try Interval(-.one, Rational(2))]
        #expect(Enclosure.minimumVariance(box) == (try Rational(parsing: "1/6")))
        let y = try Enclosure.layerNorm(box, gamma: [.one, .one, .one], beta: [.zero, .zero, .zero], epsilon: .zero, bits: 30)
        #expect(y.count == 3)
    }

    @Test func badVectorInputsAreErrors() throws {
        let x = [Interval(.one), Interval(Rational(2))]
        #expect(throws: ArithmeticError.self) { try Enclosure.softmax([], bits: 53) }
        #expect(throws: ArithmeticError.self) {
            try Enclosure.layerNorm(x, gamma: [.one], beta: [.zero, .zero], epsilon: .zero, bits: 53)
        }
        #expect(throws: ArithmeticError.self) {
            try Enclosure.layerNorm(x, gamma: [.one, .one], beta: [.zero, .zero], epsilon: -.one, bits: 53)
        }
        // A constant vector with ε = 0 has no LayerNorm.
        #expect(throws: ArithmeticError.self) {
            try Enclosure.layerNorm([Interval(.one), Interval(.one)], gamma: [.one, .one], beta: [.zero, .zero], epsilon: .zero, bits: 53)
        }
        #expect(try Enclosure.softmax([Interval(Rational(5))], bits: 53) == [Interval(.one)])
    }
}

func inverseOf(_ n: Int) -> Rational { try! Rational(numerator: 1, denominator: n) }
