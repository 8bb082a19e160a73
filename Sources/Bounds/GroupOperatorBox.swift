import ExactArithmetic
import SpikingOperators
import Tensors

/// A group operator g(x) = b₂ + Σ_i W₂[i]·ReLU(W₁[i]x + b₁[i]) over an interval (B-COMP (a)).
/// g is affine between its breakpoints −b₁[i]/W₁[i], so its exact range over [lo, hi] is the hull
/// of its values at lo, hi and the breakpoints inside. The values at the breakpoints are computed
/// once, exactly, so a box costs two evaluations and a scan. Results are rounded outward to
/// `bits` bits.
struct GroupOperatorBox: Sendable {
    let group: GroupOperator
    /// The breakpoints, increasing, and g at each.
    let breakpoints: [Rational]
    let values: [Rational]
    let bits: Int

    init(_ group: GroupOperator, bits: Int) throws {
        self.group = group
        self.bits = bits
        var points = [Rational]()
        for i in group.w1.indices where !group.w1[i].isZero {
            points.append(try -group.b1[i] / group.w1[i])
        }
        breakpoints = points.sorted()
        values = breakpoints.map { Self.value(group, $0) }
    }

    /// g at a point, exactly.
    static func value(_ group: GroupOperator, _ x: Rational) -> Rational {
        var y = group.b2
        for i in group.w1.indices {
            let z = group.w1[i] * x + group.b1[i]
            if z.sign > 0 { y += group.w2[i] * z }
        }
        return y
    }

    func callAsFunction(_ x: Interval) throws -> Interval {
        var lo = Self.value(group, x.lo), hi = lo
        if !x.isPoint {
            let end = Self.value(group, x.hi)
            lo = Swift.min(lo, end)
            hi = Swift.max(hi, end)
            var k = lowerIndex(x.lo)
            while k < breakpoints.count && breakpoints[k] < x.hi {
                lo = Swift.min(lo, values[k])
                hi = Swift.max(hi, values[k])
                k += 1
            }
        }
        return try Interval(lo, hi).outwardSimplified(bits: bits)
    }

    /// The first breakpoint index with breakpoints[k] ≥ x (binary search).
    func lowerIndex(_ x: Rational) -> Int {
        var lo = 0, hi = breakpoints.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if breakpoints[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
