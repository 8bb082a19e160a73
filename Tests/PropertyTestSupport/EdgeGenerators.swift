import ExactArithmetic
import PropertyBased

/// A generator with its shrinking erased, so generators can be stored and passed around.
public typealias AnyGen<Value> = Generator<Value, AnySequence<Any>>

/// Generators that hit the values that matter: zero, ±1, ties, tiny and huge magnitudes,
/// dyadics from doubles, long fractions, and values just beside 1.
public enum Edge {
    /// Any rational, with the edge cases over-represented.
    public static var rational: AnyGen<Rational> {
        zip(Gen.int(in: 0...11), Gen.int(in: -1_000_000...1_000_000), Gen.int(in: 1...1_000_000),
            Gen.double(in: -1e3...1e3), Gen.int(in: 0...80))
            .map { pick in make(pick.0, pick.1, pick.2, pick.3, pick.4) }
            .eraseToAny()
    }

    /// Rationals with |x| ≤ bound.
    public static func rational(magnitudeAtMost bound: Int) -> AnyGen<Rational> {
        rational.map { x in
            let b = Rational(bound)
            return x.magnitude <= b ? x : ((try? x / (x.magnitude + .one)) ?? .zero) * b
        }.eraseToAny()
    }

    public static func make(_ kind: Int, _ a: Int, _ b: Int, _ d: Double, _ e: Int) -> Rational {
        let sign = a < 0 ? -Rational.one : .one
        switch kind {
        case 0: return .zero
        case 1: return Rational(a % 10)
        case 2: return try! Rational(exactly: d)
        case 3: return sign * .powerOfTwo(-40 - e)  // tiny
        case 4: return Rational(a) * .powerOfTwo(20 + e / 2)  // huge
        case 5: return try! Rational(numerator: a, denominator: b)
        case 6:  // long fractions, about 20 digits over 19 digits
            let n = Rational(a) * Rational(100_000_000_000_000) + Rational(b)
            let m = Rational(b) * Rational(10_000_000_000_000) + Rational(abs(a) + 1)
            return try! n / m
        case 7: return Rational(a % 50) + .powerOfTwo(-1)  // ties
        case 8: return .one + sign * .powerOfTwo(-1 - e)  // beside 1
        case 9: return try! Rational(exactly: d) * .powerOfTwo(e - 40)
        case 10: return [Rational.one, -.one, .powerOfTwo(-1), -.powerOfTwo(-1)][abs(a) % 4]
        default: return -(try! Rational(exactly: d / 7))
        }
    }

    /// Doubles including ±0, subnormals, the extremes and powers of two.
    public static var double: AnyGen<Double> {
        zip(Gen.int(in: 0...9), Gen.double(in: -1e6...1e6), Gen.int(in: -1074...1023), Gen.uint64(in: 0...UInt64.max))
            .map { pick -> Double in
                let (kind, d, e, bits) = pick
                switch kind {
                case 0: return [0.0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude][Int(bits % 4)]
                case 1: return [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNormalMagnitude, 1.0][Int(bits % 4)]
                case 2: return Double(sign: .plus, exponent: e, significand: 1.0)
                case 3:  // any finite bit pattern
                    let x = Double(bitPattern: bits)
                    return x.isFinite ? x : d
                case 4: return Double(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF)  // subnormal
                default: return d
                }
            }.eraseToAny()
    }

    /// An interval [a, b] from two rationals.
    public static func interval(_ g: AnyGen<Rational>) -> AnyGen<Interval> {
        zip(g, g, Gen.int(in: 0...3)).map { a, b, k in
            if k == 0 { return Interval(a) }  // points too
            return try! Interval(Swift.min(a, b), Swift.max(a, b))
        }.eraseToAny()
    }

    /// A box X and a sub-box Y ⊆ X (points, either end, or inside).
    public static func boxAndSubBox(_ g: AnyGen<Rational>) -> AnyGen<(Interval, Interval)> {
        zip(interval(g), Gen.int(in: 0...1000), Gen.int(in: 0...1000), Gen.int(in: 0...4)).map { x, s, t, k in
            let u = try! Rational(numerator: Swift.min(s, t), denominator: 1000)
            let v = try! Rational(numerator: Swift.max(s, t), denominator: 1000)
            let at = { (f: Rational) in x.lo + (x.hi - x.lo) * f }
            switch k {
            case 0: return (x, Interval(x.lo))
            case 1: return (x, Interval(x.hi))
            case 2: return (x, x)
            case 3: return (x, Interval(at(u)))
            default: return (x, try! Interval(at(u), at(v)))
            }
        }.eraseToAny()
    }

    /// A few rational points spread over x, both ends included.
    public static func samples(_ x: Interval, count: Int = 5) -> [Rational] {
        (0...count).map { i in x.lo + x.width * (try! Rational(numerator: i, denominator: count)) }
    }
}
