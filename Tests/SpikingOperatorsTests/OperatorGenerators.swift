import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Tensors

/// Generators for operator properties: parameters with edge values, T from 1 to 256, and
/// input recipes that hit range ends, ties (multiples of λ/4), zero and random points.
enum OperatorGen {
    /// A positive rational: small dyadics, fractions, tiny and large values.
    static var positive: AnyGen<Rational> {
        zip(Gen.int(in: 0...4), Gen.int(in: 1...64), Gen.int(in: 1...97)).map { kind, a, b in
            switch kind {
            case 0: return try! Rational(numerator: a, denominator: 8)
            case 1: return try! Rational(numerator: a, denominator: b)
            case 2: return Rational.powerOfTwo(-(a % 30))  // down to 2^-29
            case 3: return Rational(a) * Rational.powerOfTwo(a % 12)  // up to 64·2^11
            default: return Rational.one
            }
        }.eraseToAny()
    }

    /// T, with 1 and the hundreds over-represented.
    static var steps: AnyGen<Int> {
        zip(Gen.int(in: 0...5), Gen.int(in: 1...256)).map { kind, t in
            [1, 2, t, t, 255, 256][kind]
        }.eraseToAny()
    }

    static var gap: AnyGen<Rational> {
        Gen.int(in: 0...4).map { [Rational(2), try! Rational(parsing: "3/2"), Rational(3), Rational(4), try! Rational(parsing: "5/4")][$0] }
            .eraseToAny()
    }

    /// Per step and element: a choice of kind and a numerator, turned into a value by `value`.
    static func recipe(width: Int) -> AnyGen<[[Int]]> {
        Gen.int(in: 0...100_000).array(of: (2 * width)...(2 * width)).array(of: 256...256).eraseToAny()
    }

    /// A value in [−low, high] from a recipe pair: the ends, 0, multiples of `unit`/4, or a
    /// random fraction.
    static func value(_ kind: Int, _ n: Int, low: Rational, high: Rational, unit: Rational) -> Rational {
        switch kind % 6 {
        case 0: return high
        case 1: return -low
        case 2: return .zero
        case 3, 4:  // ties: multiples of unit/4 clipped to the range
            let v = unit * (try! Rational(numerator: (n % 129) - 64, denominator: 4))
            return Swift.min(Swift.max(v, -low), high)
        default:
            let f = try! Rational(numerator: n % 10_001, denominator: 10_000)
            return -low + (high + low) * f
        }
    }

    /// Step t's inputs [2, 2] in Double from a width-4 recipe: `value` in [−range, range] with
    /// ties at multiples of `unit`/4 (the kernels' tests feed a fast path and its definition these).
    static func doubleStep(_ recipe: [[Int]], _ t: Int, range: Rational, unit: Rational) throws -> Tensor<Double> {
        try Tensor(shape: [2, 2], values: (0..<4).map { i in
            value(recipe[t][2 * i], recipe[t][2 * i + 1], low: range, high: range, unit: unit).doubleValue()
        })
    }

    /// Arbitrary rationals (any magnitude) for identities that hold for every input.
    static func anyValue(_ kind: Int, _ n: Int) -> Rational {
        Edge.make(kind % 12, n - 50_000, (n % 997) + 1, Double(n % 2000) / 7 - 140, n % 80)
    }
}
