import ExactArithmetic
import ModelIO
import SpikingOperators
import Tensors
import Testing

/// Every golden file of the public reference code, reproduced in both arithmetics with the
/// tolerances of Fixtures/oracle/README.md.
@Suite("Golden vectors of the public code")
struct GoldenTests {
    func steps<S: SpikeScalar>(_ c: JSONValue, _: S.Type) throws -> [Tensor<S>] {
        try (c["steps"]?.arrayValue ?? []).map { step in
            try Tensor(shape: GoldenCases.shape(step), values: GoldenCases.flat(step).map { S($0) })
        }
    }

    /// |ours − golden| ≤ tolerance·max(1, |golden|, scale) for every value (intervals: distance to
    /// the enclosure). `scale` is the magnitude the reference subtracted to get the value, where
    /// its float64 rounding error is relative to that rather than to the result.
    func close<S: SpikeScalar>(
        _ ours: [S], _ golden: [Rational], _ tolerance: Rational, _ label: String, scale: Rational = .one
    ) -> Bool {
        guard ours.count == golden.count else { Issue.record("\(label): \(ours.count) values, golden has \(golden.count)"); return false }
        for (o, g) in zip(ours, golden) {
            let allowed = tolerance * Swift.max(scale, g.magnitude)
            let distance: Rational
            if let i = o as? Interval {
                distance = i.contains(g) ? .zero : Swift.min((i.lo - g).magnitude, (i.hi - g).magnitude)
            } else if let r = o as? Rational {
                distance = (r - g).magnitude
            } else {
                guard let value = try? Rational(exactly: o.approximation) else {
                    Issue.record("\(label): \(o) is not finite")
                    return false
                }
                distance = (value - g).magnitude
            }
            if distance > allowed {
                Issue.record("\(label): \(o) differs from the golden \(g.doubleValue()) by \(distance.doubleValue())")
                return false
            }
        }
        return true
    }

    // MARK: multi-threshold (dyadic inputs: exact match in both arithmetics)

    func runMultiThreshold<S: SpikeScalar>(_: S.Type) throws {
        for (index, c) in try GoldenCases.load("multi-threshold.json").enumerated() {
            let p = try #require(c["parameters"])
            var neuron = try MultiThresholdNeuron<S>(
                lambdaPositive: try #require(p["lambdaPositive"]?.rationalValue),
                lambdaNegative: try #require(p["lambdaNegative"]?.rationalValue),
                levels: Int(try #require(p["levels"]?.rationalValue).description)!,
                gap: try #require(p["gap"]?.rationalValue), rule: .ecmt)
            let outputs = c["outputs"]?.arrayValue ?? []
            let membranes = c["membrane"]?.arrayValue ?? []
            for (t, x) in try steps(c, S.self).enumerated() {
                let s = try neuron.step(x)
                #expect(close(s.values, GoldenCases.flat(outputs[t]), .zero, "case \(index) step \(t) spikes"))
                #expect(close(try #require(neuron.state.membrane).values, GoldenCases.flat(membranes[t]), .zero, "case \(index) step \(t) membrane"))
            }
        }
    }

    @Test func multiThresholdExact() throws { try runMultiThreshold(Rational.self) }
    @Test func multiThresholdDouble() throws { try runMultiThreshold(Double.self) }

    // MARK: expectation compensation (transcendental: 1e−12)

    func runExpectationCompensation<S: SpikeScalar>(_: S.Type) throws {
        let tolerance = try Rational(parsing: "1e-12")
        for (index, c) in try GoldenCases.load("expectation-compensation.json").enumerated() {
            let p = try #require(c["parameters"])
            let name = try #require(p["function"]?.stringValue)
            let function: CompensatedFunction
            switch name {
            case "softmax": function = .softmax
            case "layernorm":
                function = .layerNorm(
                    gamma: GoldenCases.flat(p["gamma"]), beta: GoldenCases.flat(p["beta"]),
                    epsilon: try #require(p["epsilon"]?.rationalValue))
            default: function = .elementwise(try #require(ScalarFunction(rawValue: name)))
            }
            var ec = ExpectationCompensation<S>(function, context: NumericContext(bits: 64))
            let outputs = c["outputs"]?.arrayValue ?? []
            for (t, x) in try steps(c, S.self).enumerated() {
                let o = try ec.step(x)
                #expect(close(o.values, GoldenCases.flat(outputs[t]), tolerance, "case \(index) (\(name)) step \(t)"))
            }
        }
    }

    @Test func expectationCompensationCertified() throws { try runExpectationCompensation(Interval.self) }
    @Test func expectationCompensationDouble() throws { try runExpectationCompensation(Double.self) }

    // MARK: spike products (dyadic inputs; the reference divides by t and t−1 in float64)

    /// The reference gets O_t as a difference of running totals of size |S^A_t S^B_t/t| (the
    /// emitted sum), so its float64 error is a few units in the last place of that total, not of
    /// O_t: the tolerance 1e−15 is taken relative to the largest emitted total.

    func runProduct<S: SpikeScalar>(_ file: String, _ variant: SpikeProduct<S>.Variant, transposeB: Bool, _: S.Type) throws {
        let tolerance = try Rational(parsing: "1e-15")
        for (index, c) in try GoldenCases.load(file).enumerated() {
            var product = SpikeProduct<S>(variant: variant, transposeB: transposeB)
            let outputs = c["outputs"]?.arrayValue ?? []
            for (t, step) in (c["steps"]?.arrayValue ?? []).enumerated() {
                let a = try Tensor(shape: GoldenCases.shape(step["a"]), values: GoldenCases.flat(step["a"]).map { S($0) })
                let b = try Tensor(shape: GoldenCases.shape(step["b"]), values: GoldenCases.flat(step["b"]).map { S($0) })
                let o = try product.step(a: a, b: b)
                let total = try #require(product.emitted).values.map { (try? Rational(exactly: $0.approximation)) ?? .zero }
                let scale = Swift.max(.one, total.map(\.magnitude).max() ?? .one)
                #expect(close(o.values, GoldenCases.flat(outputs[t]), tolerance, "\(file) case \(index) step \(t)", scale: scale))
            }
        }
    }

    @Test func compensatedProductExact() throws { try runProduct("spike-product-ecmt.json", .ecmt, transposeB: false, Rational.self) }
    @Test func compensatedProductDouble() throws { try runProduct("spike-product-ecmt.json", .ecmt, transposeB: false, Double.self) }
    @Test func temporalCorrectiveProductExact() throws { try runProduct("spike-product-sta.json", .sta, transposeB: true, Rational.self) }
    @Test func temporalCorrectiveProductDouble() throws { try runProduct("spike-product-sta.json", .sta, transposeB: true, Double.self) }

    // MARK: signed burst neuron

    func burstNeuron<S: SpikeScalar>(_ c: JSONValue, guard burstGuard: Rational?, _: S.Type) throws -> SignedBurstNeuron<S> {
        let p = try #require(c["parameters"])
        return try SignedBurstNeuron<S>(
            threshold: try #require(p["threshold"]?.rationalValue),
            burstLimit: Int(try #require(p["burstLimit"]?.rationalValue).description)!,
            signedWithMemory: try #require(p["signedWithMemory"]?.boolValue as Bool?),
            burstGuard: burstGuard)
    }

    /// With the reference's guard θ/2 + 10⁻⁵ as a named option, every step matches.
    func runBurstWithReferenceGuard<S: SpikeScalar>(_: S.Type) throws {
        let tolerance = try Rational(parsing: "1e-12")
        for (index, c) in try GoldenCases.load("signed-burst-neuron.json").enumerated() {
            var neuron = try burstNeuron(c, guard: SignedBurstNeuron<S>.referenceGuard, S.self)
            let outputs = c["outputs"]?.arrayValue ?? []
            for (t, x) in try steps(c, S.self).enumerated() {
                #expect(close(try neuron.step(x).values, GoldenCases.flat(outputs[t]), tolerance, "case \(index) step \(t)"))
            }
        }
    }

    @Test func signedBurstWithReferenceGuardExact() throws { try runBurstWithReferenceGuard(Rational.self) }
    @Test func signedBurstWithReferenceGuardDouble() throws { try runBurstWithReferenceGuard(Double.self) }

    /// The exact rule differs from the reference only where |r| lies within the guard of a
    /// multiple of θ/2: each element is compared up to its first such step, and the elements
    /// skipped from there on are counted (and must be few).
    @Test func signedBurstExactRuleAgreesUntilTheGuardMatters() throws {
        let tolerance = try Rational(parsing: "1e-12")
        var compared = 0, skipped = 0
        for (index, c) in try GoldenCases.load("signed-burst-neuron.json").enumerated() {
            var exact = try burstNeuron(c, guard: nil, Rational.self)
            var guarded = try burstNeuron(c, guard: SignedBurstNeuron<Rational>.referenceGuard, Rational.self)
            let outputs = c["outputs"]?.arrayValue ?? []
            var diverged = Set<Int>()
            for (t, x) in try steps(c, Rational.self).enumerated() {
                let e = try exact.step(x).values
                let g = try guarded.step(x).values
                let golden = GoldenCases.flat(outputs[t])
                for i in e.indices where !diverged.contains(i) {
                    if e[i] != g[i] {
                        diverged.insert(i)  // the guard decided differently: skip this element from here on
                        continue
                    }
                    compared += 1
                    #expect((e[i] - golden[i]).magnitude <= tolerance * Swift.max(.one, golden[i].magnitude), "case \(index) step \(t) element \(i)")
                }
            }
            skipped += diverged.count
        }
        #expect(compared > 1000)
        #expect(skipped * 100 < compared, "the guard changed \(skipped) element trajectories")
    }
}
