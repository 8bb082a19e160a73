import Bounds
import ExactArithmetic
import ModelIO
import PropertyBased
import PropertyTestSupport
import SpikingOperators
import Tensors
import Testing

/// B-GA (certified sup|g − f| and the audit) and B-GQ (the spiking group operator's
/// quantisation with time-varying inputs).
@Suite("Group operator bounds (B-GA, B-GQ)")
struct GroupBoundTests {
    static let functions: [(ElementaryFunction, Interval)] = [
        (.exp, try! Interval(-6, 2)), (.reciprocal, try! Interval(.fraction(1, 4), 8)),
        (.rsqrt, try! Interval(.fraction(1, 8), 16)), (.gelu, try! Interval(-5, 5)), (.quickGelu, try! Interval(-4, 6)),
    ]

    /// A group from random knot values (not fitted: errors of any size), on random knots.
    static func randomGroup(_ domain: Interval, _ picks: [Int]) throws -> GroupOperator {
        let k = picks[0] % 6 + 2
        var knots = [domain.lo]
        for j in 1..<k { knots.append(domain.lo + domain.width * Rational.fraction(j * 1000 + picks[j] % 700, k * 1000)) }
        knots.append(domain.hi)
        let values = (0...k).map { Rational.fraction(picks[$0 + 8] % 2001 - 1000, 250) }
        return try GroupOperator.interpolant(knots: knots, values: values, flatBeyondLastKnot: picks[20] % 2 == 0)
    }

    /// At every sampled point, the enclosed |g(x) − f(x)| is at most the certified upper end,
    /// and lower ≤ upper.
    @Test func supErrorEnclosesEveryPointError() throws {
        forAllBounds(cases: 25, zip(Gen.int(in: 0...4), Gen.int(in: 0...100_000).array(of: 24...24), Gen.int(in: 0...1000), Gen.int(in: 0...1000))) { value, ledger in
            let (which, picks, s, u) = value
            let (f, full) = Self.functions[which]
            let lo = full.lo + full.width * Rational.fraction(Swift.min(s, u), 1001)
            let hi = full.lo + full.width * Rational.fraction(Swift.max(s, u) + 1, 1001)
            let domain = try Interval(lo, hi)
            let g = try Self.randomGroup(domain, picks)
            let sup = try GroupApproximation.supError(g, f, over: domain)
            #expect(sup.lower <= sup.upper)
            let values = GroupOperatorValues<Rational>(g)
            var points = [domain.lo, domain.hi, sup.witness] + g.b1.map { -$0 }.filter { domain.contains($0) }
            for j in 0..<20 { points.append(domain.lo + domain.width * Rational.fraction(picks[j] % 1001, 1000)) }
            for x in points {
                let e = Interval(try values(x)) - (try f.enclose(Interval(x), bits: 64))
                try ledger.check("B-GA", observed: e.mignitude, bound: sup.upper, "\(f.rawValue) on \(domain) at \(x)")
            }
            // The witness attains the lower end.
            let atWitness = Interval(try values(sup.witness)) - (try f.enclose(Interval(sup.witness), bits: 64))
            #expect(atWitness.magnitude >= sup.lower)
        }
    }

    /// For the interpolant of exp on equal knots, the certified supremum lies under GO-1's
    /// h²/8·max|f″| + value error, and its upper end is within 1% of the lower end.
    @Test(arguments: [4, 16, 64])
    func supErrorMeetsGO1ForInterpolants(_ intervals: Int) throws {
        let a = Rational(-4), b = Rational(2)
        let g = try Interpolants.construct(.exp, domain: a, b, intervals: intervals)
        let knots = try GroupOperator.uniformKnots(a, b, intervals: intervals)
        let (_, valueError) = try Interpolants.knotValues(.exp, knots)
        let h = try (b - a) / Rational(intervals)
        let secondDerivativeMax = try Enclosure.exp(Interval(b), bits: 64).hi
        let go1 = (try h * h * secondDerivativeMax / Rational(8)) + valueError
        let sup = try GroupApproximation.supError(g, .exp, over: try Interval(a, b))
        #expect(sup.lower <= go1)
        #expect(sup.upper <= sup.lower * Rational.fraction(101, 100) + Rational.powerOfTwo(-40))
        // GO-1 is nearly attained on the last (steepest) interval.
        #expect(sup.lower * Rational(2) >= go1)
    }

    /// The audit finds, by itself, that the released 1/x fails below about 2 and the released
    /// 1/√x above about 1 (spec §4), while the GELU operator passes on [−8, 8].
    @Test func auditFindsWhereReleasedOperatorsFail() throws {
        let (inv, invF) = try GroupOperatorLibrary.load("inv")
        let invAudit = try GroupAudit.run(inv, invF!, over: try Interval(.fraction(1, 4), 64))
        for cell in invAudit.cells {
            if cell.domain.hi <= 2 { #expect(cell.status == .fail, "1/x on \(cell.domain)") }
            if cell.domain.lo >= 4 { #expect(cell.status == .pass, "1/x on \(cell.domain)") }
        }
        let (rsqrt, rsqrtF) = try GroupOperatorLibrary.load("sqrtinv")
        let rsqrtAudit = try GroupAudit.run(rsqrt, rsqrtF!, over: try Interval(.fraction(1, 20), 130))
        for cell in rsqrtAudit.cells where cell.domain.lo >= 2 { #expect(cell.status == .fail, "1/√x on \(cell.domain)") }
        #expect(rsqrtAudit.accurateDomains.contains { $0.contains(try! Interval(.fraction(1, 4), .fraction(3, 4))) })
        let (gelu, geluF) = try GroupOperatorLibrary.load("gelu")
        let geluAudit = try GroupAudit.run(gelu, geluF!, over: try Interval(-8, 8), cells: 8)
        #expect(geluAudit.cells.allSatisfy { $0.status == .pass })
    }

    /// A group in spiking mode on time-varying inputs: |ȳ_T − g(x̄_T)| ≤ B-GQ, with domain
    /// thresholds and with smaller ones (saturation).
    @Test func spikingGroupErrorWithinBound() throws {
        forAllBounds(cases: 30, zip(Gen.int(in: 0...100_000).array(of: 24...24), BoundGen.shortSteps, Gen.int(in: 0...3), Gen.int(in: 0...100_000).array(of: 64...64))) { value, ledger in
            let (picks, steps, kind, inputs) = value
            let domain = try Interval(Rational.fraction(picks[21] % 9 - 4, 2), Rational.fraction(picks[21] % 9 - 4, 2) + Rational.fraction(picks[22] % 8 + 1, 2))
            let g = try Self.randomGroup(domain, picks)
            var thresholds = SpikingGroupOperator<Rational>.domainThresholds(g, domain: domain.lo, domain.hi)
            if kind == 0 { thresholds = thresholds.map { $0.timesPowerOfTwo(-1) } }  // saturating
            let bound = try SpikingGroupBound(g, thresholds: thresholds, domain: domain)
            let xs = (0..<steps).map { t -> Rational in
                let r = inputs[t % 64] &+ t &* 7919
                switch kind {
                case 1: return t % 2 == 0 ? domain.lo : domain.hi
                case 2: return domain.lo + domain.width * Rational.fraction(inputs[0] % 1001, 1000)
                default: return domain.lo + domain.width * Rational.fraction(r % 1001, 1000)
                }
            }
            let observed = try Self.observedError(g, thresholds, xs)
            let b = try bound.value(at: steps)
            try ledger.check("B-GQ", observed: observed, bound: b, "T = \(steps) on \(domain), input kind \(kind)")
        }
    }

    static func observedError(_ g: GroupOperator, _ thresholds: [Rational], _ xs: [Rational]) throws -> Rational {
        var op = try SpikingGroupOperator<Rational>(g, thresholds: thresholds)
        var total = Rational.zero, sum = Rational.zero
        for x in xs {
            total += try op.step(Tensor(vector: [x])).values[0]
            sum += x
        }
        let T = Rational(xs.count)
        let mean = try total / T
        return (mean - (try g.evaluate(try sum / T) as Rational)).magnitude
    }

    /// Weakened B-GQ bounds are caught by a search over input sequences: on a group whose units
    /// are all active on the domain (the transient terms matter) and on one whose units straddle
    /// zero (the term for negative unit inputs matters), each with domain and halved thresholds.
    @Test(arguments: [BoundMutation.dropTransient, .nextStep, .halveConstant, .dropPersistent, .dropSecondTerm])
    func groupMutantsAreCaught(_ mutation: BoundMutation) throws {
        let cases: [(GroupOperator, Interval)] = [
            (try GroupOperator.interpolant(knots: [-2, -1, 0], values: [0, 1, 3]), try Interval(0, 2)),
            (try GroupOperator.interpolant(knots: [-1, 0, 1, 2], values: [0, 0, 1, 3]), try Interval(-1, 2)),
        ]
        var caught = false
        for (g, domain) in cases {
            let specials = (0...8).map { domain.lo + domain.width * Rational.fraction($0, 8) } + [domain.hi - Rational.powerOfTwo(-20)]
            for halve in [false, true] {
                var thresholds = SpikingGroupOperator<Rational>.domainThresholds(g, domain: domain.lo, domain.hi)
                if halve { thresholds = thresholds.map { $0.timesPowerOfTwo(-1) } }
                let bound = try SpikingGroupBound(g, thresholds: thresholds, domain: domain)
                for steps in [1, 3, 8, 40] {
                    var rng = Xoshiro(seed: (3, UInt64(steps), 5, halve ? 1 : 0))
                    let starts = specials.map { [Rational](repeating: $0, count: steps) }
                    let b = try bound.value(at: steps, mutation: mutation)
                    let best = try RatioSearch.hillClimb(
                        starts: starts, rounds: 60, using: &rng,
                        neighbour: { x, rng in
                            var y = x
                            if Bool.random(using: &rng) {
                                y[Int.random(in: 0..<steps, using: &rng)] = specials.randomElement(using: &rng)!
                            } else {  // a block: the first k steps at one value, the rest at another
                                let k = Int.random(in: 0...steps, using: &rng)
                                let u = specials.randomElement(using: &rng)!, v = specials.randomElement(using: &rng)!
                                y = (0..<steps).map { $0 < k ? u : v }
                            }
                            return y
                        },
                        score: { try $0.map { ObservedRatio(observed: try Self.observedError(g, thresholds, $0), bound: b) } })
                    if !best.ratio.isSound { caught = true }
                }
            }
        }
        #expect(caught, "mutant \(mutation.rawValue) of B-GQ survived")
    }
}
