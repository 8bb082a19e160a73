import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import SpikingOperators
import Tensors
import Testing

/// ENC-DERIV and B-LIP (derivative enclosures, Lipschitz constants), B-EC (expectation
/// compensation, softmax, LayerNorm) and B-PROD (compensated and temporal-corrective products).
@Suite("Compensation and product bounds (B-LIP, B-EC, B-PROD)")
struct CompensationAndProductTests {
    static let domains: [ElementaryFunction: Interval] = [
        .exp: try! Interval(-20, 8), .log: try! Interval(.fraction(1, 64), 100), .sqrt: try! Interval(.fraction(1, 64), 100),
        .rsqrt: try! Interval(.fraction(1, 64), 100), .reciprocal: try! Interval(.fraction(1, 64), 100),
        .erf: try! Interval(-6, 6), .tanh: try! Interval(-8, 8), .sigmoid: try! Interval(-12, 12),
        .gelu: try! Interval(-8, 8), .geluTanh: try! Interval(-8, 8), .quickGelu: try! Interval(-8, 8),
    ]

    /// By the mean value theorem (f(y) − f(x))/(y − x) = f′(ξ) with ξ in X, so the enclosed
    /// quotient must meet F′(X). A wrong derivative formula fails this.
    @Test func derivativeEnclosuresContainDifferenceQuotients() throws {
        forAll(cases: 40, zip(Gen.int(in: 0...10), Gen.int(in: 0...100_000), Gen.int(in: 0...100_000), Gen.int(in: 1...64))) { which, s, u, spread in
            let f = ElementaryFunction.allCases[which]
            let full = Self.domains[f]!
            let lo = full.lo + full.width * Rational.fraction(s % 9_000, 10_000)
            let hi = lo + full.width * Rational.fraction(spread, 10_000)
            let x = try Interval(lo, hi)
            let d = try f.encloseDerivative(x, bits: 64)
            let p = lo + x.width * Rational.fraction(u % 500, 1000), q = lo + x.width * Rational.fraction(500 + u % 500, 1000)
            guard p < q else { return }
            let quotient = try (f.enclose(Interval(q), bits: 96) - f.enclose(Interval(p), bits: 96)) * Interval(try (q - p).reciprocal())
            #expect(quotient.overlaps(d), "\(f.rawValue) on \(x): quotient \(quotient) misses f′(X) = \(d)")
        }
    }

    /// |f(m) − f(m*)| ≤ L·|m − m*| for m the mean output of a multi-threshold neuron on inputs
    /// with mean m* (the EC output's mean is exactly f(m), EC-1), with L over the domain widened
    /// by the neuron's bound.
    @Test func ecErrorWithinLipschitzBound() throws {
        let functions: [ElementaryFunction] = [.exp, .gelu, .quickGelu, .tanh, .reciprocal, .rsqrt]
        forAllBounds(cases: 30, zip(Gen.int(in: 0...5), BoundGen.positive, BoundGen.shortSteps, Gen.int(in: 0...100_000).array(of: 8...8))) { value, ledger in
            let (which, lambda, steps, picks) = value
            let f = functions[which]
            let model = NeuronModel.multiThreshold(lambdaPositive: lambda, lambdaNegative: lambda, levels: 6, gap: 2, rule: .ecmt)
            let positiveOnly = f == .reciprocal || f == .rsqrt
            let domain = positiveOnly ? try Interval(lambda * Rational(8), lambda * Rational(24)) : try Interval(-lambda * Rational(8), lambda * Rational(8))
            let e = try model.bound(over: domain).value(at: steps)
            let widened = try Interval(domain.lo - e, domain.hi + e)
            if positiveOnly && widened.lo.sign <= 0 { return }
            let bound = try CompensationBound.elementwise(f, domain: widened, inputError: e)
            var neuron = try MultiThresholdNeuron<Rational>(lambdaPositive: lambda, lambdaNegative: lambda, levels: 6, gap: 2)
            let targets = picks.map { domain.lo + domain.width * Rational.fraction($0 % 1001, 1000) }
            var emitted = [Rational](repeating: .zero, count: targets.count)
            for _ in 0..<steps {
                let s = try neuron.step(Tensor(vector: targets))
                for j in targets.indices { emitted[j] += s.values[j] }
            }
            for (j, target) in targets.enumerated() {
                let mean = try emitted[j] / Rational(steps)
                let gap = try f.enclose(Interval(mean), bits: 64) - f.enclose(Interval(target), bits: 64)
                try ledger.check("B-EC", observed: gap.mignitude, bound: bound, "\(f.rawValue), λ = \(lambda), T = \(steps), m* = \(target)")
            }
        }
    }

    /// Softmax (‖δ‖∞/2) and LayerNorm (|γ|(2 + √n)/σ_min·‖δ‖∞) over random rows and perturbations.
    @Test func softmaxAndLayerNormWithinBound() throws {
        forAllBounds(cases: 40, zip(Gen.int(in: 2...6), Gen.int(in: -400...400).array(of: 6...6), Gen.int(in: -100...100).array(of: 6...6), Gen.int(in: 0...12))) { value, ledger in
            let (n, xs, ds, scale) = value
            let x = xs.prefix(n).map { Rational.fraction($0, 64) }
            let epsilon = Rational.powerOfTwo(-scale)
            let delta = ds.prefix(n).map { Rational.fraction($0, 100) * epsilon }
            let y = zip(x, delta).map { $0 + $1 }
            let size = delta.map(\.magnitude).max()!
            let p = try Enclosure.softmax(x.map { Interval($0) }, bits: 64), q = try Enclosure.softmax(y.map { Interval($0) }, bits: 64)
            let softmaxBound = try CompensationBound.softmax(inputError: size)
            for i in 0..<n { try ledger.check("B-LIP softmax", observed: (p[i] - q[i]).mignitude, bound: softmaxBound, "x = \(x), δ = \(delta), entry \(i)") }
            let gamma = (0..<n).map { Rational.fraction($0 % 3 + 1, 2) }, beta = [Rational](repeating: .zero, count: n)
            let lnEpsilon = Rational.powerOfTwo(-10)
            let box = try zip(x, y).map { try Interval(Swift.min($0, $1), Swift.max($0, $1)) }
            let lnBound = try CompensationBound.layerNorm(
                gammaMagnitude: gamma.map(\.magnitude).max()!, width: n, minimumVariance: Enclosure.minimumVariance(box),
                epsilon: lnEpsilon, inputError: size)
            let a = try Enclosure.layerNorm(x.map { Interval($0) }, gamma: gamma, beta: beta, epsilon: lnEpsilon, bits: 64)
            let b = try Enclosure.layerNorm(y.map { Interval($0) }, gamma: gamma, beta: beta, epsilon: lnEpsilon, bits: 64)
            for i in 0..<n { try ledger.check("B-LIP LayerNorm", observed: (a[i] - b[i]).mignitude, bound: lnBound, "x = \(x), δ = \(delta), entry \(i)") }
        }
    }

    /// Runs A* and B* (constant inputs) through multi-threshold neurons and the product; returns
    /// the running means of the product's outputs and the step outputs, per t.
    static func runProduct(
        _ variant: SpikeProduct<Rational>.Variant, a: Tensor<Rational>, b: Tensor<Rational>, lambda: Rational, steps: Int
    ) throws -> [(mean: Tensor<Rational>, output: Tensor<Rational>)] {
        var na = try MultiThresholdNeuron<Rational>(lambdaPositive: lambda, lambdaNegative: lambda, levels: 4, gap: 2)
        var nb = na
        var product = SpikeProduct<Rational>(variant: variant)
        var total: Tensor<Rational>? = nil
        var result = [(mean: Tensor<Rational>, output: Tensor<Rational>)]()
        for t in 1...steps {
            let o = try product.step(a: try na.step(a), b: try nb.step(b))
            let sum = try total.map { try $0 + o } ?? o
            total = sum
            result.append((sum.divided(by: t), o))
        }
        return result
    }

    static func matrix(_ picks: [Int], _ rows: Int, _ columns: Int, _ range: Rational, offset: Int) throws -> Tensor<Rational> {
        try Tensor(shape: [rows, columns], values: (0..<(rows * columns)).map { k in
            let p = picks[offset + k]
            return p % 5 == 0 ? .zero : range * Rational.fraction(p % 2001 - 1000, 1000)
        })
    }

    /// At every t ≤ T the running mean of either product is within B-PROD of A*B*, with the
    /// neurons' bound at t as the input errors; the temporal-corrective step outputs are within
    /// t·E(t) + (t − 1)·E(t − 1).
    @Test func productErrorWithinBound() throws {
        forAllBounds(cases: 16, zip(Gen.int(in: 0...100_000).array(of: 12...12), BoundGen.positive, Gen.int(in: 1...40), Gen.int(in: 0...1))) { value, ledger in
            let (picks, lambda, steps, v) = value
            let range = lambda * Rational(8)
            let a = try Self.matrix(picks, 2, 3, range, offset: 0), b = try Self.matrix(picks, 3, 2, range, offset: 6)
            let model = NeuronModel.multiThreshold(lambdaPositive: lambda, lambdaNegative: lambda, levels: 4, gap: 2, rule: .ecmt)
            let errors = try model.bound(over: try Interval(-range, range)).values(at: Array(1...steps))
            let run = try Self.runProduct(v == 0 ? .ecmt : .sta, a: a, b: b, lambda: lambda, steps: steps)
            let target = try a.matmul(b)
            for t in 1...steps {
                let e = errors[t - 1]
                let bound = try ProductBound.entrywise(
                    a: a, b: b, errorA: Tensor(shape: a.shape, repeating: e), errorB: Tensor(shape: b.shape, repeating: e))
                let gap = try run[t - 1].mean - target
                for k in gap.values.indices {
                    try ledger.check("B-PROD", observed: gap.values[k].magnitude, bound: bound.values[k], "\(v == 0 ? "ECMT" : "STA"), λ = \(lambda), t = \(t), entry \(k)")
                }
            }
        }
    }

    @Test func stepOutputWithinBound() throws {
        forAllBounds(cases: 12, zip(Gen.int(in: 0...100_000).array(of: 12...12), BoundGen.positive, Gen.int(in: 1...30))) { value, ledger in
            let (picks, lambda, steps) = value
            let range = lambda * Rational(8)
            let a = try Self.matrix(picks, 2, 3, range, offset: 0), b = try Self.matrix(picks, 3, 2, range, offset: 6)
            let model = NeuronModel.multiThreshold(lambdaPositive: lambda, lambdaNegative: lambda, levels: 4, gap: 2, rule: .ecmt)
            let errors = try model.bound(over: try Interval(-range, range)).values(at: Array(1...steps))
            let estimateErrors = try errors.map { e in
                try ProductBound.entrywise(a: a, b: b, errorA: Tensor(shape: a.shape, repeating: e), errorB: Tensor(shape: b.shape, repeating: e)).values.max()!
            }
            let run = try Self.runProduct(.sta, a: a, b: b, lambda: lambda, steps: steps)
            let target = try a.matmul(b)
            for t in 1...steps {
                let bound = try ProductBound.stepOutput(estimateError: { estimateErrors[$0 - 1] }, at: t)
                let gap = try run[t - 1].output - target
                for (k, g) in gap.values.enumerated() { try ledger.check("B-PROD step output", observed: g.magnitude, bound: bound, "λ = \(lambda), t = \(t), entry \(k)") }
            }
        }
    }

    /// Each weakened product or Lipschitz bound has a concrete violation.
    @Test func productAndLipschitzMutantsAreCaught() throws {
        // dropCrossTerm and halveConstant: a 1×1 product of two trains with targets λ/2, a tie
        // that fires λ at step 1, so both means are off by λ/2 and the error |A*|e + e|B*| + e²
        // is attained exactly.
        let lambda = Rational.fraction(1, 4)
        let half = lambda.timesPowerOfTwo(-1)
        let model = NeuronModel.multiThreshold(lambdaPositive: lambda, lambdaNegative: lambda, levels: 4, gap: 2, rule: .ecmt)
        let e = try model.bound(over: try Interval(-half, half)).value(at: 1)
        #expect(e == half)
        let errorMatrix = Tensor<Rational>(vector: [e]).reshapedMatrix(1, 1)
        let run = try Self.runProduct(.ecmt, a: Tensor(vector: [half]).reshapedMatrix(1, 1) , b: Tensor(vector: [half]).reshapedMatrix(1, 1), lambda: lambda, steps: 1)
        let observedTie = (run[0].mean.values[0] - half * half).magnitude
        let full = try ProductBound.entrywise(a: Tensor(vector: [half]).reshapedMatrix(1, 1), b: Tensor(vector: [half]).reshapedMatrix(1, 1), errorA: errorMatrix, errorB: errorMatrix).values[0]
        let dropped = try ProductBound.entrywise(a: Tensor(vector: [half]).reshapedMatrix(1, 1), b: Tensor(vector: [half]).reshapedMatrix(1, 1), errorA: errorMatrix, errorB: errorMatrix, mutation: .dropCrossTerm).values[0]
        let halved = try ProductBound.entrywise(a: Tensor(vector: [half]).reshapedMatrix(1, 1), b: Tensor(vector: [half]).reshapedMatrix(1, 1), errorA: errorMatrix, errorB: errorMatrix, mutation: .halveConstant).values[0]
        #expect(observedTie <= full)
        #expect(observedTie > dropped, "dropCrossTerm survived")
        #expect(observedTie > halved, "halveConstant (product) survived")
        // halveConstant on the Lipschitz constant: exp on [0, 1/16], input just under λ/2 = 1/16
        // (nothing fires, so the mean error is the whole input).
        let small = Rational.fraction(1, 8)
        let neuron = NeuronModel.multiThreshold(lambdaPositive: small, lambdaNegative: small, levels: 4, gap: 2, rule: .ecmt)
        let domain = try Interval(0, Rational.fraction(1, 16))
        let inputError = try neuron.bound(over: domain).value(at: 1)
        let widened = try Interval(domain.lo - inputError, domain.hi + inputError)
        let x = Rational.fraction(1, 16) - Rational.powerOfTwo(-20)
        let observed = (try Enclosure.exp(Interval(x), bits: 64) - Interval(Rational.one)).mignitude  // mean output 0, e^0 = 1
        let lipschitz = try CompensationBound.elementwise(.exp, domain: widened, inputError: inputError)
        let weakened = try CompensationBound.elementwise(.exp, domain: widened, inputError: inputError, mutation: .halveConstant)
        #expect(observed <= lipschitz)
        #expect(observed > weakened, "halveConstant (Lipschitz) survived")
    }
}

extension Tensor where Scalar == Rational {
    func reshapedMatrix(_ rows: Int, _ columns: Int) -> Tensor<Rational> {
        (try? Tensor(shape: [rows, columns], values: values)) ?? self
    }
}
