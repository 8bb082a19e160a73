import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Tensors
import Testing

/// B-REACH: the reachable membrane interval of an IF neuron contains the membrane of every
/// exact run whose inputs stay in the domain (edges: inputs at the domain's ends, exactly at
/// the threshold, zero-width domains, T = 1 and T in the hundreds); it is never empty (no zero
/// stands in for an empty reach).
@Suite struct MembraneReachTests {
    /// (θ, a, b, T, signed, seed): a domain [a, b] around and beyond ±θ.
    static let cases = zip(Gen.int(in: 1...8), Gen.int(in: -24...24), Gen.int(in: 0...24), Gen.int(in: 0...3), Gen.bool, Gen.uint64(in: 0...UInt64.max))
        .map { q, lo, width, pick, signed, seed -> (Rational, Rational, Rational, Int, Bool, UInt64) in
            let θ = Rational.fraction(q, 4)
            let a = Rational.fraction(lo, 8), b = a + Rational.fraction(width, 8)
            return (θ, a, b, [1, 2, 17, 300][pick], signed, seed)
        }.eraseToAny()

    @Test func everyExactRunStaysInTheReach() throws {
        forAll(cases: 60, Self.cases) { c throws in
            let (θ, a, b, T, signed, seed) = c
            let domain = try Interval(a, b)
            let reach = try #require(try MembraneReach(.integrateAndFire(threshold: θ, signed: signed), domain: domain))
            let bounds = try reach.membranes(through: T)
            #expect(bounds.count == T)
            var random = SplitMix(state: seed)
            for run in 0..<4 {
                var v = Rational.zero
                for t in 0..<T {
                    // Run 0 stays at a, run 1 at b, the others draw a, b or a point between.
                    let x: Rational
                    switch run {
                    case 0: x = a
                    case 1: x = b
                    default:
                        let k = Int(random.next() % 9)
                        x = a + (b - a) * Rational.fraction(k, 8)
                    }
                    v = v + x
                    if v >= θ { v = v - θ } else if signed, v <= -θ { v = v + θ }
                    #expect(bounds[t].contains(v), "θ = \(θ), [\(a), \(b)], t = \(t + 1): V = \(v) outside \(bounds[t])")
                }
            }
        }
    }
}
