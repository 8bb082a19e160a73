@testable import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing
import Tensors

/// The centred forms' rules (B-CF), each against the exact value in Arb balls at 256 bits
/// (or exact rationals for the product): for random centres and radii with the edges (zero and
/// tiny radii, huge ones that reach the caps, ties in a LayerNorm row, a dominant softmax key,
/// GELU's stationary point and the table's ends ±8 and beyond), and deviations at the corners of
/// the radii (all up, all down, alternating, along z and against it, random), the exact change
/// never exceeds the rule's radius. Each deliberate weakening (`CentredRule.Mutation`) is caught.
@Suite struct CentredRuleTests {
    static let bits = 256

    struct Case {
        var rng: SplitMix
        init(_ seed: UInt64) { rng = SplitMix(state: seed) }
        mutating func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        mutating func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        /// A centre value: zero, tiny, moderate, large, or a repeat of the previous (a tie).
        mutating func value(_ previous: Double?) -> Double {
            switch pick(7) {
            case 0: return 0
            case 1: return (unit() - 0.5) * 1e-9
            case 2: return previous ?? 1
            case 3: return (unit() - 0.5) * 200
            default: return (unit() - 0.5) * 6
            }
        }
        /// A radius: zero, tiny, small, moderate, or large enough to reach the caps.
        mutating func radius() -> Double {
            [0, 1e-12, 1e-4 * unit(), 0.05 * unit(), 0.5 * unit(), 5 + 20 * unit()][pick(6)]
        }
        /// Signs of a corner of the radii: +, −, alternating, along `z`, against it, random.
        mutating func signs(_ n: Int, along z: [Double]) -> [Double] {
            let k = pick(6)
            return (0..<n).map { j in
                switch k {
                case 0: return 1
                case 1: return -1
                case 2: return j % 2 == 0 ? 1 : -1
                case 3: return z[j] >= 0 ? 1 : -1
                case 4: return z[j] >= 0 ? -1 : 1
                default: return pick(2) == 0 ? 1 : -1
                }
            }
        }
    }

    static func balls(_ x: [Double]) throws -> [Ball] { try x.map { try Ball.exactly($0).atPrecision(bits) } }
    static func context() -> NumericContext { NumericContext(bits: bits) }

    /// CF-LN: violations over `count` cases (0 expected for the sound rule).
    static func layerNormViolations(cases count: Int, seed: UInt64, mutation: CentredRule.Mutation?) throws -> Int {
        var violations = 0
        for index in 0..<count {
            var c = Case(seed &+ UInt64(index))
            let n = 2 + c.pick(11)
            var row = [Double]()
            for _ in 0..<n { row.append(c.value(row.last)) }
            let epsilon = [Rational.powerOfTwo(-40), try Rational(parsing: "1/100000"), Rational.powerOfTwo(-10)][c.pick(3)]
            let gamma = (0..<n).map { _ in Rational(Int(c.pick(9)) - 4).timesPowerOfTwo(-1) }
            let beta = (0..<n).map { _ in Rational(Int(c.pick(5)) - 2) }
            let r = (0..<n).map { _ in c.radius() }
            let mean = row.reduce(0, +) / Double(n)
            let d = zip(c.signs(n, along: row.map { $0 - mean }), r).map { $0 * $1 }
            let parameters = LayerNormParameters<Ball>(gamma: gamma, beta: beta, epsilon: epsilon)
            let centre = try balls(row)
            let moved = try zip(centre, balls(d)).map { $0 + $1 }
            let before = try Ball.layerNorm(centre, parameters, context()), after = try Ball.layerNorm(moved, parameters, context())
            let norm = try NormCentre(row: centre[...], epsilon: epsilon, precision: bits)
            let bound = try CentredRule.layerNorm(
                [norm], gamma: gamma.map { $0.magnitude.doubleValue(rounding: .up) }, try Tensor(shape: [1, n], values: r),
                mutation: mutation)
            for i in 0..<n where (after[i] - before[i]).magnitudeLowerBound > bound.values[i] { violations += 1 }
        }
        return violations
    }

    /// CF-SOFTMAX: violations over `count` cases.
    static func softmaxViolations(cases count: Int, seed: UInt64, mutation: CentredRule.Mutation?) throws -> Int {
        var violations = 0
        for index in 0..<count {
            var c = Case(seed &+ UInt64(index))
            let n = 1 + c.pick(10)
            var row = [Double]()
            for _ in 0..<n { row.append(c.value(row.last)) }
            if c.pick(4) == 0 { row[c.pick(n)] += 30 }  // one dominant key
            let r = (0..<n).map { _ in c.radius() }
            let d = zip(c.signs(n, along: row), r).map { $0 * $1 }
            let before = try Ball.softmax(try balls(row), context())
            let after = try Ball.softmax(try zip(balls(row), balls(d)).map { $0 + $1 }, context())
            let p = try Centre(try Tensor(shape: [1, n], values: before))
            let bound = try CentredRule.softmax(p, try Tensor(shape: [1, n], values: r), mutation: mutation)
            for i in 0..<n where (after[i] - before[i]).magnitudeLowerBound > bound.values[i] { violations += 1 }
        }
        return violations
    }

    /// CF-PROD (means form): violations over `count` cases, in exact rationals.
    static func productViolations(cases count: Int, seed: UInt64, mutation: CentredRule.Mutation?) throws -> Int {
        var violations = 0
        for index in 0..<count {
            var c = Case(seed &+ UInt64(index))
            let m = 1 + c.pick(3), k = 1 + c.pick(4), n = 1 + c.pick(3)
            let zeroCentre = c.pick(4) == 0
            let a = (0..<m * k).map { _ in zeroCentre ? 0 : c.value(nil) }, b = (0..<k * n).map { _ in zeroCentre ? 0 : c.value(nil) }
            let ra = (0..<m * k).map { _ in c.radius() }, rb = (0..<k * n).map { _ in c.radius() }
            let up = c.pick(2) == 0
            let da = zip(c.signs(m * k, along: a), ra).map { $0 * $1 }
            let db = zip(up ? c.signs(k * n, along: b) : (0..<k * n).map { _ in 1.0 }, rb).map { $0 * $1 }
            let bound = try CentredRule.product(
                a: Tensor(shape: [m, k], values: a.map(abs)), ra: Tensor(shape: [m, k], values: ra),
                b: Tensor(shape: [k, n], values: b.map(abs)), rb: Tensor(shape: [k, n], values: rb), spread: false,
                mutation: mutation)
            for i in 0..<m {
                for j in 0..<n {
                    var change = Rational.zero
                    for p in 0..<k {
                        let x = try Rational(exactly: a[i * k + p]), y = try Rational(exactly: b[p * n + j])
                        let dx = try Rational(exactly: da[i * k + p]), dy = try Rational(exactly: db[p * n + j])
                        change = change + (x + dx) * (y + dy) - x * y
                    }
                    if change.magnitude > (try Rational(exactly: bound.values[i * n + j])) { violations += 1 }
                }
            }
        }
        return violations
    }

    /// CF-ACT: violations over `count` cases, for each GELU form.
    static func activationViolations(cases count: Int, seed: UInt64, mutation: CentredRule.Mutation?) throws -> Int {
        var violations = 0
        let edges: [Double] = [-0.7518, -0.75, 0, 8, -8, 7.99, -7.99, 20, -30]
        for index in 0..<count {
            var c = Case(seed &+ UInt64(index))
            let n = 1 + c.pick(6)
            let x = (0..<n).map { _ in c.pick(3) == 0 ? edges[c.pick(edges.count)] : c.value(nil) }
            let r = (0..<n).map { _ in c.radius() }
            let d = zip(c.signs(n, along: x), r).map { $0 * $1 * [1, 0.5][c.pick(2)] }
            for form in GELUForm.allCases {
                let centre = try balls(x)
                let bound = try CentredRule.activation(
                    try Centre(try Tensor(shape: [1, n], values: centre)), try Tensor(shape: [1, n], values: r), form: form,
                    spread: false, mutation: mutation)
                for e in 0..<n {
                    let moved = centre[e] + (try Ball.exactly(d[e]).atPrecision(bits))
                    let change = try moved.gelu(form) - centre[e].gelu(form)
                    if change.magnitudeLowerBound > bound.values[e] { violations += 1 }
                }
            }
        }
        return violations
    }

    static let ruleChecks: [(String, @Sendable (Int, UInt64, CentredRule.Mutation?) throws -> Int)] = [
        ("CF-LN", layerNormViolations), ("CF-SOFTMAX", softmaxViolations), ("CF-PROD", productViolations),
        ("CF-ACT", activationViolations),
    ]

    @Test func everyRuleHoldsAgainstTheExactChange() throws {
        let count = PropertyRun.caseOverride ?? 300
        for (name, check) in Self.ruleChecks {
            let found = try check(count, PropertyRun.seed &+ 17, nil)
            #expect(found == 0, "\(name): \(found) entries moved by more than the rule's radius")
        }
    }

    /// Each mutant is caught by its rule's check on the same stream of cases.
    @Test(arguments: CentredRule.Mutation.allCases)
    func mutantIsCaught(_ mutation: CentredRule.Mutation) throws {
        let check: (Int, UInt64, CentredRule.Mutation?) throws -> Int
        switch mutation {
        case .dropScaleTerm: check = Self.layerNormViolations
        case .dropSoftmaxCoupling: check = Self.softmaxViolations
        case .dropCrossTerm: check = Self.productViolations
        case .slopeAtCentre: check = Self.activationViolations
        }
        #expect(try check(300, 17, mutation) > 0, "the \(mutation) mutant survived 300 cases")
    }

    /// CF-UP: the next Double up (down) of a correctly rounded +, ×, ÷, √ is at or beyond the
    /// exact result, on edge doubles; the plain operation is not (the test can fail).
    @Test func roundingUpBoundsTheExactResult() throws {
        var plainBelow = 0
        forAll(cases: 400, zip(Edge.double, Edge.double)) { a, b in
            let a = a.isFinite ? a / 4 : 1, b = b.isFinite ? b / 4 : 1  // no overflow of the operands' sums
            let x = try Rational(exactly: a), y = try Rational(exactly: b)
            func holds(_ up: Double, _ down: Double, _ exact: Rational) throws {
                if up.isFinite { #expect(try Rational(exactly: up) >= exact, "up \(up) below \(exact)") }
                if down.isFinite { #expect(try Rational(exactly: down) <= exact, "down \(down) above \(exact)") }
            }
            try holds(Upward.add(a, b), Downward.add(a, b), x + y)
            try holds(Upward.mul(a, b), Downward.mul(a, b), x * y)
            if b > 0 { try holds(Upward.div(a, b), Downward.div(a, b), try x / y) }
            if (a * b).isFinite, try Rational(exactly: a * b) < x * y { plainBelow += 1 }
            let s = abs(a)
            let root = Upward.sqrt(s)
            if root.isFinite { #expect(try Rational(exactly: root) * Rational(exactly: root) >= Rational(exactly: s)) }
            let low = Downward.sqrt(s)
            #expect(try Rational(exactly: low) * Rational(exactly: low) <= Rational(exactly: s))
        }
        #expect(plainBelow > 0, "no plain product fell below the exact one: the check could not fail")
    }

    /// e^x − 1 ≤ `Upward.expm1(x)` for 0 ≤ x < 3, checked in Arb.
    @Test func expm1BoundHolds() throws {
        for k in 0...300 {
            let x = Double(k) / 100
            let exact = try (Ball.exactly(x).atPrecision(Self.bits).exp()) - Ball.exactly(1)
            #expect(exact.upperBound <= Upward.expm1(x), "e^\(x) − 1 = \(exact) above \(Upward.expm1(x))")
        }
    }
}
