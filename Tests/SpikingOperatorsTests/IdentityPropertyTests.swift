import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import SpikingOperators
import Tensors
import Testing

/// The identities of spec §7 and proofs/identities.md, checked exactly in Rational arithmetic.
@Suite("Operator identities, exact")
struct IdentityPropertyTests {
    /// Input tensors of `width` elements for T steps, built from a recipe.
    static func inputs(_ recipe: [[Int]], steps: Int, width: Int, _ make: (Int, Int) -> Rational) -> [Tensor<Rational>] {
        (0..<steps).map { t in Tensor(vector: (0..<width).map { i in make(recipe[t][2 * i], recipe[t][2 * i + 1]) }) }
    }

    static func sum(_ xs: [Tensor<Rational>]) throws -> Tensor<Rational> {
        try xs.dropFirst().reduce(xs[0]) { try $0 + $1 }
    }

    // MARK: N-1

    @Test func n1IntegrateAndFire() throws {
        forAll(zip(OperatorGen.positive, Gen.bool, OperatorGen.steps, Gen.int(in: 1...3), OperatorGen.recipe(width: 3), Gen.int(in: 0...100_000))) { input throws in
            let (theta, signed, T, width, recipe, v0seed) = input
            let v0 = OperatorGen.anyValue(v0seed, v0seed)
            var neuron = try IFNeuron<Rational>(threshold: theta, signed: signed, initialMembrane: v0)
            let xs = Self.inputs(recipe, steps: T, width: width, OperatorGen.anyValue)
            var spikes: [Tensor<Rational>] = []
            for x in xs { spikes.append(try neuron.step(x)) }
            let lhs = try Self.sum(spikes)
            let rhs = try Self.sum(xs) - neuron.state.membrane!
            #expect(lhs == (try rhs.map { $0 + v0 }), "θ=\(theta) signed=\(signed) T=\(T)")
        }
    }

    @Test(arguments: MultiThresholdNeuron<Rational>.Rule.allCases)
    func n1MultiThreshold(_ rule: MultiThresholdNeuron<Rational>.Rule) throws {
        forAll(named: "n1-mt-\(rule)", zip(OperatorGen.positive, OperatorGen.positive, Gen.int(in: 1...8), OperatorGen.gap, OperatorGen.steps, OperatorGen.recipe(width: 2))) { input throws in
            let (lp, ln, n, g, T, recipe) = input
            var neuron = try MultiThresholdNeuron<Rational>(lambdaPositive: lp, lambdaNegative: ln, levels: n, gap: g, rule: rule)
            let xs = Self.inputs(recipe, steps: T, width: 2, OperatorGen.anyValue)
            var spikes: [Tensor<Rational>] = []
            for x in xs {
                let s = try neuron.step(x)
                // At most one spike per step, and it is one of the levels.
                for v in s.values where !v.isZero {
                    let level = v.sign > 0 ? try v / lp : try -v / ln
                    #expect(try (0..<n).contains { try g.power($0) == level }, "\(v) is not a level")
                }
                spikes.append(s)
            }
            #expect(try Self.sum(spikes) == Self.sum(xs) - neuron.state.membrane!)
        }
    }

    @Test func n1SignedBurstAndMemoryNeverNegative() throws {
        forAll(zip(OperatorGen.positive, Gen.int(in: 0...3), Gen.bool, Gen.bool, OperatorGen.steps, OperatorGen.recipe(width: 2))) { input throws in
            let (theta, beta, memory, guarded, T, recipe) = input
            var neuron = try SignedBurstNeuron<Rational>(
                threshold: theta, burstLimit: beta, signedWithMemory: memory,
                burstGuard: guarded ? SignedBurstNeuron<Rational>.referenceGuard : nil)
            let xs = Self.inputs(recipe, steps: T, width: 2) { k, n in
                OperatorGen.value(k, n, low: theta * Rational(3), high: theta * Rational(3), unit: theta)
            }
            var spikes: [Tensor<Rational>] = []
            for x in xs {
                let s = try neuron.step(x)
                spikes.append(s)
                // One step emits at most θ + βθ/2 in magnitude, in multiples of θ/2.
                for v in s.values {
                    #expect(v.magnitude <= theta + theta * Rational(beta).timesPowerOfTwo(-1))
                    #expect((try v / theta.timesPowerOfTwo(-1)).isInteger)
                }
                if memory {
                    // Lemma SB-M: the exact rule keeps M ≥ 0; the reference's guard can leave
                    // M = −θ/2 (a −θ base spike from M = θ/2 whose corrective burst the guard
                    // drops), never less.
                    let floor = guarded ? -theta.timesPowerOfTwo(-1) : Rational.zero
                    #expect(neuron.memory!.values.allSatisfy { $0 >= floor }, "lemma SB-M: M below \(floor)")
                } else {
                    #expect(s.values.allSatisfy { $0.sign >= 0 }, "no negative spikes without memory")
                }
            }
            #expect(try Self.sum(spikes) == Self.sum(xs) - neuron.state.membrane!)
            #expect(try neuron.memory! == Self.sum(spikes))
        }
    }

    /// The guard breaks SB-M on this input, and the exact rule does not.
    @Test func guardCanDriveTheEmittedTotalNegative() throws {
        let steps = [Tensor(vector: [try Rational(parsing: "0.75")]), Tensor(vector: [try Rational(parsing: "-1.5")])]
        var exact = try SignedBurstNeuron<Rational>(threshold: .one, burstLimit: 2)
        var guarded = try SignedBurstNeuron<Rational>(threshold: .one, burstLimit: 2, burstGuard: SignedBurstNeuron<Rational>.referenceGuard)
        for x in steps { _ = try exact.step(x); _ = try guarded.step(x) }
        #expect(exact.memory!.values == [.zero])
        #expect(guarded.memory!.values == [try Rational(parsing: "-1/2")])
    }

    // MARK: MT-1

    /// P = max(Θ⁻ − λ⁻/2, λ⁺/2), Q = max(Θ⁺ − λ⁺/2, λ⁻/2).
    static func mt1Bounds(_ lp: Rational, _ ln: Rational, _ n: Int, _ g: Rational) throws -> (p: Rational, q: Rational) {
        let top = try g.power(n - 1)
        let p = Swift.max(ln * top - ln.timesPowerOfTwo(-1), lp.timesPowerOfTwo(-1))
        let q = Swift.max(lp * top - lp.timesPowerOfTwo(-1), ln.timesPowerOfTwo(-1))
        return (p, q)
    }

    @Test func mt1GeneralAsymmetricBound() throws {
        forAll(zip(OperatorGen.positive, OperatorGen.positive, Gen.int(in: 1...8), OperatorGen.gap, OperatorGen.steps, OperatorGen.recipe(width: 3), Gen.int(in: 0...1000))) { input throws in
            let (lp, ln, n, g, T, recipe, start) = input
            let (p, q) = try Self.mt1Bounds(lp, ln, n, g)
            // V_0 anywhere in [−P, Q], its ends included.
            let v0 = start == 0 ? -p : (start == 1 ? q : -p + (p + q) * (try Rational(numerator: start, denominator: 1000)))
            var neuron = try MultiThresholdNeuron<Rational>(lambdaPositive: lp, lambdaNegative: ln, levels: n, gap: g, rule: .ecmt, initialMembrane: v0)
            let topP = lp * (try g.power(n - 1)), topN = ln * (try g.power(n - 1))
            let xs = Self.inputs(recipe, steps: T, width: 3) { k, m in
                OperatorGen.value(k, m, low: topN, high: topP, unit: Swift.min(lp, ln))
            }
            for (t, x) in xs.enumerated() {
                _ = try neuron.step(x)
                for v in neuron.state.membrane!.values {
                    #expect(-p <= v && v <= q, "MT-1: V_\(t + 1) = \(v) outside [\(-p), \(q)] (λ⁺=\(lp), λ⁻=\(ln), n=\(n), g=\(g))")
                }
            }
        }
    }

    /// MT-1′ (rule ecmt) and MT-1n (rule nearest): from any V_{t−1}, with inputs in range,
    /// min(V_{t−1}, −P′) ≤ V_t ≤ max(V_{t−1}, Q′).
    @Test(arguments: MultiThresholdNeuron<Rational>.Rule.allCases)
    func mt1SharpStepBound(_ rule: MultiThresholdNeuron<Rational>.Rule) throws {
        forAll(named: "mt1-sharp-\(rule)", zip(OperatorGen.positive, OperatorGen.positive, Gen.int(in: 1...8), OperatorGen.gap, OperatorGen.steps, OperatorGen.recipe(width: 3), Gen.int(in: 0...100_000))) { input throws in
            let (lp, ln, n, g, T, recipe, start) = input
            let half = { (x: Rational) in x.timesPowerOfTwo(-1) }
            let below = n >= 2 ? try g.power(n - 2) * (g - .one) : .zero
            let p: Rational, q: Rational
            switch rule {
            case .ecmt:
                q = n == 1 ? Swift.max(half(lp), half(ln)) : [half(lp), half(ln), lp * below - half(lp)].max()!
                p = n == 1 ? q : [half(lp), half(ln), ln * below - half(ln)].max()!
            case .nearest:
                q = [half(lp), half(ln), half(lp * below), half(ln * below)].max()!
                p = q
            }
            // Any V_0, far outside the bounds too.
            let v0 = OperatorGen.anyValue(start, start)
            var neuron = try MultiThresholdNeuron<Rational>(lambdaPositive: lp, lambdaNegative: ln, levels: n, gap: g, rule: rule, initialMembrane: v0)
            let topP = lp * (try g.power(n - 1)), topN = ln * (try g.power(n - 1))
            let xs = Self.inputs(recipe, steps: T, width: 3) { k, m in
                OperatorGen.value(k, m, low: topN, high: topP, unit: Swift.min(lp, ln))
            }
            var previous = [Rational](repeating: v0, count: 3)
            for (t, x) in xs.enumerated() {
                _ = try neuron.step(x)
                let now = neuron.state.membrane!.values
                for i in now.indices {
                    #expect(Swift.min(previous[i], -p) <= now[i] && now[i] <= Swift.max(previous[i], q),
                            "\(rule) step \(t + 1): \(previous[i]) → \(now[i]) outside [min(V, \(-p)), max(V, \(q))]")
                }
                previous = now
            }
        }
    }

    @Test func mt1SymmetricStrictBound() throws {
        forAll(zip(OperatorGen.positive, Gen.int(in: 2...8), OperatorGen.steps, OperatorGen.recipe(width: 3))) { input throws in
            let (lambda, n, T, recipe) = input
            var neuron = try MultiThresholdNeuron<Rational>(lambdaPositive: lambda, lambdaNegative: lambda, levels: n, rule: .ecmt)
            let top = lambda * (try Rational(2).power(n - 1))
            let bound = top - lambda.timesPowerOfTwo(-1)
            let xs = Self.inputs(recipe, steps: T, width: 3) { k, m in OperatorGen.value(k, m, low: top, high: top, unit: lambda) }
            var spikes: [Tensor<Rational>] = []
            for x in xs {
                spikes.append(try neuron.step(x))
                #expect(neuron.state.membrane!.values.allSatisfy { $0.magnitude < bound })
            }
            // The mean error is V_T/T, below (λg^(n−1) − λ/2)/T.
            let error = (try Self.sum(xs) - Self.sum(spikes)).divided(by: T)
            #expect(error.values.allSatisfy { $0.magnitude < bound.divided(by: T) })
        }
    }

    @Test func specExampleOfTheEcmtRule() throws {
        // λ = 1, n = 4, g = 2: levels 8, 4, 2, 1; 7.49 emits 4 at t = 1 and 7.5 emits 8.
        var neuron = try MultiThresholdNeuron<Rational>(lambdaPositive: .one, lambdaNegative: .one, levels: 4, rule: .ecmt)
        let s = try neuron.step(Tensor(vector: [try Rational(parsing: "7.49"), try Rational(parsing: "7.5"), try Rational(parsing: "-7.5")]))
        #expect(s.values == [Rational(4), Rational(8), Rational(-8)])
        // Nearest rule: boundaries 0.75·λg^k, and λ/2 below the smallest level.
        var nearest = try MultiThresholdNeuron<Rational>(lambdaPositive: .one, lambdaNegative: .one, levels: 4, rule: .nearest)
        let r = try nearest.step(Tensor(vector: ["5.99", "6", "0.5", "0.49", "1.5", "-2.99"].map { try Rational(parsing: $0) }))
        #expect(r.values == [Rational(4), Rational(8), Rational(1), .zero, Rational(2), Rational(-2)])
    }

    // MARK: EC-1

    @Test(arguments: [ScalarFunction.identity, .reciprocal])
    func ec1ExpectationCompensationTelescopes(_ f: ScalarFunction) throws {
        forAll(named: "ec1-\(f.rawValue)", zip(OperatorGen.steps, Gen.int(in: 1...3), OperatorGen.recipe(width: 3))) { input throws in
            let (T, width, recipe) = input
            var ec = ExpectationCompensation<Rational>(.elementwise(f))
            // Positive inputs keep every running mean away from 0 (1/x).
            let xs = Self.inputs(recipe, steps: T, width: width) { k, n in
                OperatorGen.value(k, n, low: .zero, high: Rational(50), unit: .one) + .powerOfTwo(-10)
            }
            var total: Tensor<Rational>? = nil
            var sum: Tensor<Rational>? = nil
            for (i, x) in xs.enumerated() {
                let o = try ec.step(x)
                total = try total.map { try $0 + o } ?? o
                sum = try sum.map { try $0 + x } ?? x
                let t = i + 1
                let expected = try sum!.divided(by: t).map { try $0.applying(f, NumericContext()) * Rational(t) }
                #expect(total! == expected, "EC-1 fails at t = \(t)")
            }
        }
    }

    /// With a transcendental f the outputs are enclosures: their running sum contains t·f(m_t).
    @Test func ec1ContainmentForSoftmaxAndGELU() throws {
        for function in [CompensatedFunction.softmax, .elementwise(.gelu), .elementwise(.exp)] {
            forAll(named: "ec1-containment", cases: 10, zip(Gen.int(in: 1...12), OperatorGen.recipe(width: 3))) { input throws in
                let (T, recipe) = input
                var ec = ExpectationCompensation<Interval>(function, context: NumericContext(bits: 40))
                let xs = Self.inputs(recipe, steps: T, width: 3) { k, n in OperatorGen.value(k, n, low: Rational(4), high: Rational(4), unit: .one) }
                var total: Tensor<Interval>? = nil
                var sum: Tensor<Rational>? = nil
                for (i, x) in xs.enumerated() {
                    let o = try ec.step(x.map { Interval($0) })
                    total = try total.map { try $0 + o } ?? o
                    sum = try sum.map { try $0 + x } ?? x
                    let mean = sum!.divided(by: i + 1).map { Interval($0) }
                    let exact = try function.apply(mean, NumericContext(bits: 60)).map { $0 * Rational(i + 1) }
                    for (a, b) in zip(total!.values, exact.values) { #expect(a.overlaps(b)) }
                }
            }
        }
    }

    // MARK: SP-1 and TC-1

    static func matrices(_ recipe: [[Int]], steps: Int, rows: Int, columns: Int, offset: Int) throws -> [Tensor<Rational>] {
        try (0..<steps).map { t in
            let values = (0..<(rows * columns)).map { i -> Rational in
                let r = recipe[t]
                let k = r[(2 * i + offset) % r.count], n = r[(2 * i + 1 + offset) % r.count]
                return OperatorGen.value(k, n, low: Rational(3), high: Rational(3), unit: .one)
            }
            return try Tensor(shape: [rows, columns], values: values)
        }
    }

    @Test(arguments: [SpikeProduct<Rational>.Variant.ecmt, .sta])
    func sp1AndTc1ProductsTelescope(_ variant: SpikeProduct<Rational>.Variant) throws {
        forAll(named: "product-\(variant)", cases: 60, zip(Gen.int(in: 1...64), Gen.int(in: 1...3), Gen.int(in: 1...3), Gen.int(in: 1...3), OperatorGen.recipe(width: 5))) { input throws in
            let (T, m, k, n, recipe) = input
            let a = try Self.matrices(recipe, steps: T, rows: m, columns: k, offset: 0)
            let b = try Self.matrices(recipe, steps: T, rows: k, columns: n, offset: 3)
            var product = SpikeProduct<Rational>(variant: variant)
            var other = SpikeProduct<Rational>(variant: variant == .ecmt ? .sta : .ecmt)
            var total: Tensor<Rational>? = nil
            for t in 0..<T {
                let o = try product.step(a: a[t], b: b[t])
                // In exact arithmetic the two products emit the same outputs.
                #expect(o == (try other.step(a: a[t], b: b[t])))
                total = try total.map { try $0 + o } ?? o
                let expected = try Self.sum(Array(a[0...t])).matmul(Self.sum(Array(b[0...t]))).divided(by: t + 1)
                #expect(total! == expected, "\(variant) fails at t = \(t + 1)")
            }
        }
    }

    /// With interval operands the STA product's widths stay of the order of its inputs'
    /// (re-accumulating the outputs would double them at every step).
    @Test func staProductWidthsDoNotGrowInIntervals() throws {
        var sta = SpikeProduct<Interval>(variant: .sta)
        var ecmt = SpikeProduct<Interval>(variant: .ecmt)
        let w = Rational.powerOfTwo(-20)
        for t in 1...60 {
            let a = Tensor(vector: [try Interval(Rational(t % 3), Rational(t % 3) + w)]).reshapedMatrix()
            let b = Tensor(vector: [try Interval(Rational(1), Rational(1) + w)]).reshapedMatrix()
            let o = try sta.step(a: a, b: b), e = try ecmt.step(a: a, b: b)
            #expect(o.values[0].width <= e.values[0].width * Rational(4) + w, "t = \(t): \(o.values[0].width.doubleValue())")
            #expect(o.values[0].width < Rational.powerOfTwo(-10))
        }
    }

    @Test func naiveProductErrorIsTheTemporalCovariance() throws {
        forAll(zip(Gen.int(in: 1...40), OperatorGen.recipe(width: 5))) { input throws in
            let (T, recipe) = input
            let a = try Self.matrices(recipe, steps: T, rows: 2, columns: 2, offset: 0)
            let b = try Self.matrices(recipe, steps: T, rows: 2, columns: 2, offset: 5)
            var naive = SpikeProduct<Rational>(variant: .naive)
            var total: Tensor<Rational>? = nil
            for t in 0..<T { let o = try naive.step(a: a[t], b: b[t]); total = try total.map { try $0 + o } ?? o }
            let meanA = try Self.sum(a).divided(by: T), meanB = try Self.sum(b).divided(by: T)
            let covariance = try a.indices.map { try (a[$0] - meanA).matmul(b[$0] - meanB) }
            let error = try total!.divided(by: T) - meanA.matmul(meanB)
            #expect(error == (try Self.sum(covariance).divided(by: T)))
        }
    }

    // MARK: GO-1 and GO-2

    @Test func go1InterpolantOfReciprocal() throws {
        forAll(zip(Gen.int(in: 1...40), Gen.int(in: 1...32), Gen.int(in: 1...200), Gen.int(in: 0...10_000).array(of: 8...8))) { input throws in
            let (aNum, intervals, width, points) = input
            let a = try Rational(numerator: aNum, denominator: 8)
            let b = a + (try Rational(numerator: width, denominator: 16))
            let knots = try GroupOperator.uniformKnots(a, b, intervals: intervals)
            let values = try knots.map { try $0.reciprocal() }
            let g = try GroupOperator.interpolant(knots: knots, values: values)
            let h = knots[1] - knots[0]
            // Knots reproduce f exactly; below a the operator is constant.
            for (k, v) in zip(knots, values) { #expect(try g.evaluate(k) == v) }
            #expect(try g.evaluate(a - .one) == values[0])
            for p in points {
                let x = a + (b - a) * (try Rational(numerator: p, denominator: 10_000))
                let j = Swift.min(intervals - 1, Int(try ((x - a) / h).floor.description)!)
                // |f''| = 2/x³ is largest at the left knot of x's interval.
                let bound = h * h * (try Rational(2) / knots[j].power(3)) * (try Rational(parsing: "1/8"))
                #expect((try g.evaluate(x) - x.reciprocal()).magnitude <= bound, "GO-1 at x = \(x)")
            }
        }
    }

    /// With a flat tail the operator is the same interpolant on [k₀, k_K] and the constant
    /// f(k_K) above it (GO-1 (b)); without it the last slope continues.
    @Test func go1FlatTailAboveTheLastKnot() throws {
        forAll(zip(Gen.int(in: 1...40), Gen.int(in: 1...32), Gen.int(in: 0...10_000).array(of: 6...6))) { input throws in
            let (aNum, intervals, points) = input
            let a = try Rational(numerator: aNum, denominator: 8), b = a + Rational(3)
            let knots = try GroupOperator.uniformKnots(a, b, intervals: intervals)
            let values = try knots.map { try $0.reciprocal() }
            let plain = try GroupOperator.interpolant(knots: knots, values: values)
            let flat = try GroupOperator.interpolant(knots: knots, values: values, flatBeyondLastKnot: true)
            #expect(flat.hiddenUnits == plain.hiddenUnits + 1)
            for p in points {
                let x = a + (b - a) * (try Rational(numerator: p, denominator: 10_000))
                #expect(try flat.evaluate(x) == plain.evaluate(x))
                let above = b + Rational(p) + Rational(1)
                #expect(try flat.evaluate(above) == values[intervals])
                #expect(try plain.evaluate(above) < values[intervals])
            }
        }
    }

    @Test func go1InterpolantOfExpWithEnclosedKnotValues() throws {
        forAll(zip(Gen.int(in: -40...20), Gen.int(in: 1...24), Gen.int(in: 0...10_000).array(of: 6...6))) { input throws in
            let (aNum, intervals, points) = input
            let a = try Rational(numerator: aNum, denominator: 8), b = a + Rational(2)
            let knots = try GroupOperator.uniformKnots(a, b, intervals: intervals)
            let (values, delta) = try Interpolants.knotValues(.exp, knots, bits: 60)
            let g = try GroupOperator.interpolant(knots: knots, values: values)
            let h = knots[1] - knots[0]
            for p in points {
                let x = a + (b - a) * (try Rational(numerator: p, denominator: 10_000))
                let j = Swift.min(intervals - 1, Int(try ((x - a) / h).floor.description)!)
                // |f''| = e^x is largest at the right knot.
                let top = try Enclosure.exp(Interval(knots[j + 1]), bits: 60).hi
                let bound = h * h * top * (try Rational(parsing: "1/8")) + delta
                let fx = try Enclosure.exp(Interval(x), bits: 60)
                let y: Rational = try g.evaluate(x)
                #expect(Swift.max((y - fx.lo).magnitude, (y - fx.hi).magnitude) <= bound, "GO-1 (exp) at x = \(x)")
            }
        }
    }

    @Test func go2SpikingGroupOperatorConverges() throws {
        forAll(zip(Gen.int(in: 1...16), OperatorGen.steps, Gen.int(in: 0...1000))) { input throws in
            let (intervals, T, p) = input
            let a = Rational(-2), b = Rational(2)
            let g = try Interpolants.construct(.gelu, domain: a, b, intervals: intervals, bits: 40)
            let thresholds = SpikingGroupOperator<Rational>.domainThresholds(g, domain: a, b)
            var spiking = try SpikingGroupOperator<Rational>(g, thresholds: thresholds)
            let x = a + (b - a) * (try Rational(numerator: p, denominator: 1000))
            var total = Rational.zero
            for _ in 0..<T { total += try spiking.step(Tensor(vector: [x])).values[0] }
            let bound = zip(g.w2, thresholds).reduce(Rational.zero) { $0 + $1.0.magnitude * $1.1 }.divided(by: T)
            #expect((total.divided(by: T) - (try g.evaluate(x))).magnitude <= bound, "GO-2 at x = \(x), T = \(T)")
        }
    }

    @Test func refitReproducesAnExactFit() throws {
        // Targets that the hidden layer can represent exactly are reproduced exactly.
        let knots = try GroupOperator.uniformKnots(.zero, Rational(4), intervals: 4)
        let values = knots.map { $0 * $0 }
        let g = try GroupOperator.interpolant(knots: knots, values: values)
        let samples = (0...40).map { try! Rational(numerator: $0, denominator: 10) }
        let targets = try samples.map { try g.evaluate($0) as Rational }
        let refit = try g.refitted(samples: samples, targets: targets)
        for x in samples { #expect(try refit.evaluate(x) as Rational == g.evaluate(x)) }
    }
}

extension Tensor {
    /// A vector as a 1×n matrix.
    func reshapedMatrix() -> Tensor { (try? reshaped([1, count])) ?? self }
}
