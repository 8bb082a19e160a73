import ExactArithmetic
import PropertyBased
import PropertyTestSupport

/// Inputs inside each function's domain and supported range, for property tests.
enum Domain {
    static func generator(for f: ElementaryFunction) -> AnyGen<Rational> {
        Edge.rational(magnitudeAtMost: 40).map { x in
            switch f {
            case .log, .rsqrt, .sqrt, .reciprocal:
                let y = x.magnitude
                return y.isZero ? Rational.one : y
            default:
                return x
            }
        }.eraseToAny()
    }

    /// A box inside the domain and a sub-box of it.
    static func boxes(for f: ElementaryFunction) -> AnyGen<(Interval, Interval)> {
        Edge.boxAndSubBox(generator(for: f))
    }

    /// A precision drawn from the edges: 1 bit, a few bits, double, quad and more.
    static var bits: AnyGen<Int> {
        Gen.int(in: 0...5).map { [1, 4, 24, 53, 113, 160][$0] }.eraseToAny()
    }
}
