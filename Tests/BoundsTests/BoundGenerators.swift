import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import SpikingOperators

/// Generators for bound properties: neurons with edge parameters, domains whose ends sit on
/// thresholds, top levels, zero, or beyond them (saturation), and T from 1 to the hundreds.
enum BoundGen {
    /// A positive parameter: dyadics, fractions, tiny and large values.
    static var positive: AnyGen<Rational> {
        zip(Gen.int(in: 0...4), Gen.int(in: 1...64), Gen.int(in: 1...97)).map { kind, a, b in
            switch kind {
            case 0: return Rational.fraction(a, 8)
            case 1: return Rational.fraction(a, b)
            case 2: return Rational.powerOfTwo(-(a % 24))
            case 3: return Rational(a) * Rational.powerOfTwo(a % 8)
            default: return Rational.one
            }
        }.eraseToAny()
    }

    static var steps: AnyGen<Int> {
        zip(Gen.int(in: 0...5), Gen.int(in: 1...300)).map { kind, t in [1, 2, t, t, 255, 300][kind] }.eraseToAny()
    }

    /// T for the costlier properties: 1, 2, up to 120, and 200.
    static var shortSteps: AnyGen<Int> {
        zip(Gen.int(in: 0...4), Gen.int(in: 2...120)).map { kind, t in [1, 2, t, t, 200][kind] }.eraseToAny()
    }

    static var model: AnyGen<NeuronModel> {
        zip(Gen.int(in: 0...4), positive, positive, Gen.int(in: 1...8), Gen.int(in: 0...3)).map { kind, p, q, n, k in
            let gap = [Rational(2), Rational.fraction(3, 2), Rational(3), Rational.fraction(5, 4)][k]
            switch kind {
            case 0: return .integrateAndFire(threshold: p, signed: false)
            case 1: return .integrateAndFire(threshold: p, signed: true)
            case 2: return .multiThreshold(lambdaPositive: p, lambdaNegative: q, levels: n, gap: gap, rule: .ecmt)
            case 3: return .multiThreshold(lambdaPositive: p, lambdaNegative: q, levels: n, gap: gap, rule: .nearest)
            default: return .signedBurst(threshold: p, burstLimit: k)
            }
        }.eraseToAny()
    }

    /// The largest positive and negative values a model emits in one step.
    static func reach(_ model: NeuronModel) -> (up: Rational, down: Rational) {
        switch model {
        case .integrateAndFire(let threshold, let signed): return (threshold, signed ? threshold : .zero)
        case .multiThreshold(let lp, let ln, let n, let g, _):
            let top = (try? g.power(n - 1)) ?? .one
            return (lp * top, ln * top)
        case .signedBurst(let threshold, let burstLimit):
            return (threshold + threshold.timesPowerOfTwo(-1) * Rational(burstLimit), .zero)
        }
    }

    /// A domain [a, b] for a model: ends at the reach exactly (ties), inside it, zero, or up to
    /// twice beyond it (saturation); a < 0 only sometimes.
    static func domain(_ model: NeuronModel, _ i: Int, _ j: Int) -> Interval {
        let (up, down) = reach(model)
        let scaleDown = down.isZero ? up : down
        func end(_ k: Int, _ s: Rational) -> Rational {
            switch k % 6 {
            case 0: return s
            case 1: return .zero
            case 2: return s * Rational.fraction(k % 17 + 1, 16)
            case 3: return s * Rational.fraction(k % 33 + 16, 16)  // beyond: saturation
            case 4: return s.timesPowerOfTwo(-1)
            default: return s * Rational.fraction(k % 16, 16)
            }
        }
        let b = end(i, up), a = -end(j, scaleDown)
        return (try? Interval(a, b)) ?? Interval(.zero)
    }

    /// Input sequences in [a, b] from recipes: the ends, zero, ties on the model's firing bounds,
    /// and random points.
    static func value(_ kind: Int, _ n: Int, _ domain: Interval, _ unit: Rational) -> Rational {
        switch kind % 6 {
        case 0: return domain.hi
        case 1: return domain.lo
        case 2: return domain.contains(Rational.zero) ? Rational.zero : domain.lo
        case 3, 4:
            let v = unit * Rational.fraction((n % 129) - 64, 4)
            return Swift.min(Swift.max(v, domain.lo), domain.hi)
        default:
            return domain.lo + domain.width * Rational.fraction(n % 10_001, 10_000)
        }
    }

    static var recipes: AnyGen<[[Int]]> {
        Gen.int(in: 0...100_000).array(of: 16...16).array(of: 300...300).eraseToAny()
    }
}
