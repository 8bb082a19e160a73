import ExactArithmetic
import ModelIO
import SpikingOperators
import Tensors
import Testing

/// Mutation check: plausible wrong variants of the operators, each of which the suite's checks
/// must reject. Every mutant is a small altered copy of one step rule; the checks are the same
/// identity and golden comparisons the real operators pass.
@Suite("Mutants are caught")
struct MutationTests {
    // MARK: the checks, as functions of a step rule

    /// EC-1 with f = 1/x on deterministic positive inputs: true when Σ o_i = t·f(m_t) at every t.
    static func ec1Holds(_ makeStep: () -> (Tensor<Rational>) throws -> Tensor<Rational>) throws -> Bool {
        for seed in 1...5 {
            let step = makeStep()
            var total: Tensor<Rational>? = nil, sum: Tensor<Rational>? = nil
            for t in 1...(4 * seed) {
                let x = Tensor(vector: [Rational(t % 5 + seed), try Rational(numerator: t * seed + 1, denominator: 3)])
                let o = try step(x)
                total = try total.map { try $0 + o } ?? o
                sum = try sum.map { try $0 + x } ?? x
                let expected = try sum!.divided(by: t).map { try $0.reciprocal() * Rational(t) }
                if total! != expected { return false }
            }
        }
        return true
    }

    /// SP-1 on deterministic matrices.
    static func sp1Holds(_ makeStep: () -> (Tensor<Rational>, Tensor<Rational>) throws -> Tensor<Rational>) throws -> Bool {
        let step = makeStep()
        var total: Tensor<Rational>? = nil
        var sumA: Tensor<Rational>? = nil, sumB: Tensor<Rational>? = nil
        for t in 1...6 {
            let a = try Tensor(rows: [[Rational(t % 3), Rational(1)], [Rational(-1), Rational(t)]])
            let b = try Tensor(rows: [[Rational(2), Rational(t % 2)], [Rational(t), Rational(-3)]])
            let o = try step(a, b)
            total = try total.map { try $0 + o } ?? o
            sumA = try sumA.map { try $0 + a } ?? a
            sumB = try sumB.map { try $0 + b } ?? b
            if total! != (try sumA!.matmul(sumB!).divided(by: t)) { return false }
        }
        return true
    }

    /// The multi-threshold golden file: true when every spike matches.
    static func multiThresholdGoldenHolds(_ makeStep: (Rational, Rational, Int) throws -> (Tensor<Rational>) throws -> Tensor<Rational>) throws -> Bool {
        for c in try GoldenCases.load("multi-threshold.json") {
            let p = c["parameters"]!
            let step = try makeStep(p["lambdaPositive"]!.rationalValue!, p["lambdaNegative"]!.rationalValue!, Int(p["levels"]!.rationalValue!.description)!)
            for (t, x) in (c["steps"]?.arrayValue ?? []).enumerated() {
                let s = try step(Tensor(vector: GoldenCases.flat(x)))
                if s.values != GoldenCases.flat(c["outputs"]?.arrayValue?[t]) { return false }
            }
        }
        return true
    }

    // MARK: the real operators pass

    @Test func realOperatorsPassTheChecks() throws {
        #expect(try Self.ec1Holds {
            var ec = ExpectationCompensation<Rational>(.elementwise(.reciprocal))
            return { try ec.step($0) }
        })
        #expect(try Self.sp1Holds {
            var p = SpikeProduct<Rational>(variant: .ecmt)
            return { try p.step(a: $0, b: $1) }
        })
        #expect(try Self.multiThresholdGoldenHolds { lp, ln, n in
            var neuron = try MultiThresholdNeuron<Rational>(lambdaPositive: lp, lambdaNegative: ln, levels: n)
            return { try neuron.step($0) }
        })
    }

    // MARK: mutants

    /// A copy of expectation compensation with one of two bugs.
    struct MutantCompensation {
        enum Bug { case offByOneInT, staleCache }
        let bug: Bug
        var sum: Tensor<Rational>? = nil
        var cached: Tensor<Rational>? = nil
        var t = 0

        mutating func step(_ x: Tensor<Rational>) throws -> Tensor<Rational> {
            sum = try sum.map { try $0 + x } ?? x
            t += 1
            let value = try sum!.divided(by: t).map { try $0.reciprocal() }
            guard let previous = cached else { cached = value; return value }
            switch bug {
            case .offByOneInT:  // (t+1)·f(m_t) − t·f(m_{t−1})
                cached = value
                return try value.map { $0 * Rational(t + 1) } - previous.map { $0 * Rational(t) }
            case .staleCache:  // the cache is never invalidated: f(m_1) is reused
                return try value.map { $0 * Rational(t) } - previous.map { $0 * Rational(t - 1) }
            }
        }
    }

    @Test func offByOneInTIsCaught() throws {
        #expect(try !Self.ec1Holds {
            var m = MutantCompensation(bug: .offByOneInT)
            return { try m.step($0) }
        })
    }

    @Test func staleCacheIsCaught() throws {
        #expect(try !Self.ec1Holds {
            var m = MutantCompensation(bug: .staleCache)
            return { try m.step($0) }
        })
    }

    /// The compensated product dividing the previous total by t instead of t − 1.
    @Test func productOffByOneIsCaught() throws {
        #expect(try !Self.sp1Holds {
            var sumA: Tensor<Rational>? = nil, sumB: Tensor<Rational>? = nil, previous: Tensor<Rational>? = nil
            var t = 0
            return { a, b in
                t += 1
                sumA = try sumA.map { try $0 + a } ?? a
                sumB = try sumB.map { try $0 + b } ?? b
                let q = try sumA!.matmul(sumB!)
                defer { previous = q }
                guard let p = previous else { return q }
                return try q.divided(by: t) - p.divided(by: t)  // should be t − 1
            }
        })
    }

    /// The multi-threshold rule with the wrong offset: half of the current level instead of
    /// half of the smallest level.
    @Test func wrongOffsetIsCaught() throws {
        #expect(try !Self.multiThresholdGoldenHolds { lp, ln, n in
            var v: [Rational]? = nil
            return { x in
                var membrane = v ?? Array(repeating: .zero, count: x.count)
                var spikes = [Rational](repeating: .zero, count: x.count)
                for i in x.values.indices {
                    let u = membrane[i] + x.values[i]
                    for k in (0..<n).reversed() {
                        let up = lp * (try Rational(2).power(k)), down = ln * (try Rational(2).power(k))
                        if u >= up - up.timesPowerOfTwo(-1) { spikes[i] = up; break }
                        if -u >= down - down.timesPowerOfTwo(-1) { spikes[i] = -down; break }
                    }
                    membrane[i] = u - spikes[i]
                }
                v = membrane
                return Tensor(vector: spikes)
            }
        })
    }
}

@Suite("Precision refinement")
struct RefinementTests {
    @Test func undecidedDecisionsAreRefinedThenReported() throws {
        // Decided once the precision reaches 256 bits.
        let bits = try refiningPrecision(from: 53) { context -> Int in
            if context.bits < 256 { throw OperatorError.undecided("test decision") }
            return context.bits
        }
        #expect(bits == 424)
        // Never decided: reported as undecided, not guessed.
        #expect(throws: OperatorError.self) {
            try refiningPrecision(from: 53) { _ -> Int in throw OperatorError.undecided("test decision") }
        }
    }

    @Test func intervalNeuronDecidesFromEnclosures() throws {
        // An IF neuron fed with enclosures of e^x: decided when the enclosure clears θ.
        var neuron = try IFNeuron<Interval>(threshold: try Rational(parsing: "2.718281828"))
        let e = try Enclosure.exp(Interval(.one), bits: 64)
        #expect(try neuron.step(Tensor(vector: [e])).values == [Interval(try Rational(parsing: "2.718281828"))])
        // Fed an interval straddling θ, the decision is undecided, and says so.
        var other = try IFNeuron<Interval>(threshold: .one)
        #expect(throws: OperatorError.self) { try other.step(Tensor(vector: [try Interval(Rational(0), Rational(2))])) }
    }
}
