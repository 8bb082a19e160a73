import ExactArithmetic
import Foundation
import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import SpikingOperators
@testable import SpikingPipelines
import Testing
import Tensors

/// One test per structural point of docs/sta-structures.md: each fails if the public STA
/// structure had the other convention's site, neuron kind or calibration.
@Suite struct PublicSTAStructureTests {
    struct Fixture {
        let reference: ReferenceEncoder<Double>
        let samples: [EncoderSample]

        init(_ model: String) throws {
            let folder = RepositoryFiles.url("Fixtures/\(model)")
            reference = try ReferenceEncoder(EncoderLoader.load(directory: folder))
            samples = try EncoderInputs.load(folder.appendingPathComponent("inputs.safetensors"))
        }

        func calibration(_ structure: STAStructure, T: Int = 32, samples: [EncoderSample]? = nil) throws -> PipelineCalibration {
            var c = PipelineConfiguration(kind: .sta)
            c.staStructure = structure
            c.calibrationSteps = T
            return try PipelineCalibrator.calibrate(reference: reference, samples: samples ?? self.samples, configuration: c)
        }

        /// The sites whose neurons left a residual in a 2-step run of the first input.
        func neuronSites(_ structure: STAStructure) throws -> Set<EncoderSite> {
            let encoder = try SpikingEncoder(reference: reference, calibration: calibration(structure))
            var seen = Set<EncoderSite>()
            _ = try encoder.run(samples[0].input, mask: samples[0].mask, steps: 2, checkpoints: [2]) { o in
                if o.membrane != nil { seen.insert(o.site) }
            }
            return seen
        }
    }

    // 1. Neuron sites.
    @Test(arguments: ["tiny-bert", "tiny-vit", "tiny-dinov2"])
    func publicNeuronsSitAtTheEncodersAndTheProbabilities(model: String) throws {
        let fixture = try Fixture(model)
        #expect(try fixture.neuronSites(.public) == [.norm1Output, .norm2Output, .attentionProbabilities, .projectionInput])
        #expect(try fixture.neuronSites(.spikebound) == Set(EncoderSite.neuronSites))
    }

    // 2. The probability site: a signed burst neuron with memory, fed t·p(t) − its emitted total
    // on top of its membrane, one threshold per key position. θ = 1/2 for key 0, 1 for key 1,
    // p constant 3/10: by hand (θ/2 = 1/4 for key 0):
    //   t = 1: V⁻ = 3/10, no base spike, burst ⌊(3/10)/(1/4)⌋ = 1 → 1/4, V = 1/20, E = 1/4;
    //   t = 2: input 2·3/10 − 1/4 = 7/20, V⁻ = 2/5, burst 1 → 1/4, V = 3/20, E = 1/2;
    //   t = 3: input 9/10 − 1/2 = 2/5, V⁻ = 11/20 ≥ 1/2 → base 1/2, V = 1/20, burst 0, E = 1.
    // Key 1 (θ/2 = 1/2): t = 1 emits nothing. A positive IF neuron fed 3/10 would emit nothing at t = 1.
    @Test func theProbabilityNeuronIsFedTheCorrectedOutputOnItsMembrane() throws {
        var thresholds = PublicSTAThresholds()
        thresholds.keyPositions = [Rational.fraction(1, 2), .one]
        var neuron = ProbabilityBurstNeuron<Rational>(thresholds: thresholds, heads: 1, burstLimit: 2, burstGuard: nil)
        let p = try Tensor<Rational>(rows: [[Rational.fraction(3, 10), Rational.fraction(3, 10)], [Rational.fraction(3, 10), Rational.fraction(3, 10)]])
        let expected: [Rational] = [Rational.fraction(1, 4), Rational.fraction(1, 4), Rational.fraction(1, 2)]
        for t in 0..<3 {
            let s = try neuron.step(p)
            #expect(s.values[0] == expected[t], "step \(t + 1)")
            #expect(s.values[2] == expected[t], "step \(t + 1), second query")
            if t == 0 { #expect(s.values[1] == .zero) }
        }
        #expect(neuron.residual?.values[0] == Rational.fraction(1, 20))
    }

    @Test func keyThresholdsRepeatPerHeadAndTheLastCoversLongerInputs() throws {
        var t = PublicSTAThresholds()
        t.keyPositions = [Rational(1), Rational(2)]
        #expect(try t.probabilityThresholds(tokens: 3, heads: 2) == [1, 2, 2, 1, 2, 2].map { Rational($0) })
    }

    // 3. Signed sites: one threshold per channel and sign, MMSE on relu(a) and relu(−a) of the
    // ANN mode; 4. calibration data: the converted model in ANN mode (approximate operators in
    // place) at the run's T, not the exact reference.
    @Test func encodersAreCalibratedPerSignOnTheANNMode() throws {
        let fixture = try Fixture("tiny-bert")
        let one = [fixture.samples[0]], T = 16
        let calibration = try fixture.calibration(.public, T: T, samples: one)
        let operators = try #require(calibration.operators)
        var annMode = [Int: Tensor<Double>]()
        _ = try PublicSTAForward(reference: fixture.reference, operators: operators).forward(one[0].input, mask: one[0].mask) { layer, probe in
            if case .encoder(.projectionInput, let a) = probe { annMode[layer] = a }
        }
        var exact = [Int: Tensor<Double>]()
        _ = try fixture.reference.forward(one[0].input, mask: one[0].mask) { layer, site, value in
            if site == .projectionInput { exact[layer] = value }
        }
        let kept = one[0].keptTokens
        func mmse(_ a: Tensor<Double>, _ sign: Double) throws -> [Rational] {
            try (0..<a.rowLength).map { j in
                PipelineCalibrator.short(try Rational(exactly: STACalibration.bestThreshold(
                    kept.map { max(sign * a.values[$0 * a.rowLength + j], 0) }, T, silent: 0)))
            }
        }
        var differsFromExact = false
        for layer in 0..<2 {
            let thresholds = try #require(calibration.layers[layer].publicSTA?.encoders[.projectionInput])
            let a = try #require(annMode[layer])
            #expect(thresholds.positive == (try mmse(a, 1)))
            #expect(thresholds.negative == (try mmse(a, -1)))
            #expect(thresholds.positive != thresholds.negative)
            let e = try #require(exact[layer])
            if try mmse(e, 1) != thresholds.positive { differsFromExact = true }
        }
        // Layer 1's input went through the approximate operators, so its activations (and
        // thresholds) are not the exact reference's.
        #expect(differsFromExact)
        // At another T, other thresholds.
        let other = try fixture.calibration(.public, T: 2, samples: one)
        #expect(other.layers[0].publicSTA?.encoders[.projectionInput] != calibration.layers[0].publicSTA?.encoders[.projectionInput])
    }

    // 5. LayerNorm: SpikeLN's two temporal-corrective products (in exact arithmetic), with the
    // 1/√x operator in spiking mode between them.
    @Test func spikeLayerNormEmitsTheTemporalCorrectiveTotals() throws {
        let rsqrt = try Interpolants.construct(
            .rsqrt, knots: Interpolants.geometricKnots(Rational.fraction(1, 8), Rational(8), intervals: 8), name: "1/√x", flatBeyondLastKnot: true)
        let parameters = LayerNormParameters<Rational>(gamma: [1, 1, 1].map { Rational($0) }, beta: [0, 0, 0].map { Rational($0) }, epsilon: .zero)
        var norm = try SpikeLayerNorm(
            parameters, rsqrt: rsqrt, thresholds: Array(repeating: Rational.fraction(1, 2), count: rsqrt.hiddenUnits), burstLimit: 2, burstGuard: nil)
        let inputs: [[Int]] = [[1, 2, 6], [0, 3, 3], [2, 2, 5], [4, 0, 1]]
        // An independent model of the same steps: the variance increments v_t = tΨ_t − (t−1)Ψ_{t−1}
        // (Ψ_t = mean((S^y_t)²)/t²) fed to a separate spiking 1/√x, and its own running total S^r.
        var rsqrtModel = try BurstGroupOperator<Rational>(
            rsqrt, thresholds: Array(repeating: [Rational.fraction(1, 2)], count: rsqrt.hiddenUnits), burstLimit: 2, silentWhereZero: true)
        var ySum = [Rational](repeating: .zero, count: 3), emitted = [Rational](repeating: .zero, count: 3)
        var previousTotal = Rational.zero, rSum = Rational.zero
        for (k, row) in inputs.enumerated() {
            let t = k + 1
            let x = try Tensor<Rational>(rows: [row.map { Rational($0) }])
            let out = try norm.step(x)
            let mean = x.values.reduce(Rational.zero, +).divided(by: 3)
            for j in 0..<3 { ySum[j] = ySum[j] + x.values[j] - mean; emitted[j] = emitted[j] + out.values[j] }
            // Σ v = t·mean((S^y_t/t)²): this step's increment is that total less the last one.
            let varianceTotal = ySum.map { $0 * $0 }.reduce(Rational.zero, +).divided(by: 3 * t)
            let increment = varianceTotal - previousTotal
            previousTotal = varianceTotal
            rSum = rSum + (try rsqrtModel.step(Tensor(vector: [increment]))).values[0]
            // Σ p = S^y_t · S^r_t / t, with S^r_t the model's spiking 1/√x total.
            for j in 0..<3 { #expect(emitted[j] == (ySum[j] * rSum).divided(by: t), "t = \(t), element \(j)") }
        }
        // The spiking 1/√x operator is not its ANN mode: after the first step its output
        // differs from g(σ²) (the spikebound structure evaluates g in ANN mode).
        var first = try SpikeLayerNorm(
            parameters, rsqrt: rsqrt, thresholds: Array(repeating: Rational.fraction(1, 2), count: rsqrt.hiddenUnits), burstLimit: 2, burstGuard: nil)
        _ = try first.step(Tensor<Rational>(rows: [[1, 2, 6].map { Rational($0) }]))
        let sigma2 = try #require(first.variance.last).values[0]
        #expect(try #require(first.inverseSum).values[0] != (try rsqrt.evaluate(sigma2)))
    }

    // 6. GELU: hidden units are signed burst neurons with memory, thresholds per channel and unit.
    @Test func geluUnitsAreSignedBurstNeuronsPerChannel() throws {
        // One unit, W₁ = 1, b₁ = 0, W₂ = 1, b₂ = 0: the output is the unit's spikes.
        let identity = try GroupOperator(w1: [.one], b1: [.zero], w2: [.one], b2: .zero, name: "unit")
        var g = try BurstGroupOperator<Rational>(identity, thresholds: [[Rational(1), Rational(2)]], burstLimit: 2)
        let first = try g.step(Tensor<Rational>(rows: [[Rational(1), Rational(1)]]))
        // Channel 0 (θ = 1) fires its base spike; channel 1 (θ = 2) bursts 1·θ/2 = 1.
        #expect(first.values == [Rational(1), Rational(1)])
        // A negative input takes back what was emitted (memory): an IF unit never goes negative.
        let second = try g.step(Tensor<Rational>(rows: [[Rational(-2), Rational(-2)]]))
        #expect(second.values[0] == Rational(-1))
        #expect(second.values[1].sign < 0)

        let fixture = try Fixture("tiny-bert")
        let calibration = try fixture.calibration(.public, samples: [fixture.samples[0]])
        let units = try #require(calibration.layers[0].publicSTA?.geluUnits)
        #expect(units.count == calibration.operators?.gelu.hiddenUnits)
        #expect(units.allSatisfy { $0.count == fixture.reference.config.intermediateSize })
        #expect(Set(units.flatMap { $0 }).count > units.count)
        // Units whose input calibration never saw positive are silent (θ = 0), as in the
        // released code; the others are not.
        #expect(units.flatMap { $0 }.contains(.zero))
        #expect(units.flatMap { $0 }.contains { $0.sign > 0 })
    }

    // 7. The small ones.
    @Test func theBurstGuardIsOfferedByName() throws {
        // r = θ/2 exactly: the exact rule bursts once, the public guard does not.
        let guarded = try SignedBurstNeuron<Rational>(threshold: .one, burstGuard: BurstRule.publicGuard.guardValue)
        let exact = try SignedBurstNeuron<Rational>(threshold: .one, burstGuard: BurstRule.exact.guardValue)
        var a = guarded, b = exact
        let x = Tensor<Rational>(vector: [Rational.fraction(1, 2)])
        #expect(try a.step(x).values == [.zero])
        #expect(try b.step(x).values == [Rational.fraction(1, 2)])
    }

    @Test func publicSoftmaxZeroesExpBelowMinusTwentyAndRenormalisesByTheOperator() throws {
        let exp = try Interpolants.construct(.exp, domain: Rational(-40), Rational(3), intervals: 64)
        // A 1/x operator that is the constant 1: every row's total passes 3/2.
        let one = try GroupOperator(w1: [.zero], b1: [.zero], w2: [.zero], b2: .one, name: "one")
        let operators = STAOperators(gelu: one, exp: exp, reciprocal: one, rsqrt: one)
        let row: ArraySlice<Rational> = [Rational(0), Rational(-30), Rational(1)][...]
        let released = try STACompositions<Rational>(operators, structure: .public).softmaxParts(row, keep: [0, 1, 2])
        let ours = try STACompositions<Rational>(operators, structure: .spikebound).softmaxParts(row, keep: [0, 1, 2])
        // z = x − x₀ + 1: 1, −29, 2. Public: e = 0 at −29; ours: the operator's value there.
        #expect(released.e[1] == .zero)
        #expect(ours.e[1].sign > 0)
        // Re-normalisation: public multiplies by the operator's 1 (p unchanged), ours divides.
        #expect(released.renormalised && ours.renormalised)
        #expect(released.output == released.p)
        #expect(ours.output[0] == (try ours.p[0].divided(byValue: ours.total)))
    }

    @Test func releasedOperatorsAreReplacedWhereCalibrationFindsThemInvalid() throws {
        let released = try ReleasedGroupOperators.load()
        let fixture = try Fixture("tiny-bert")
        let interpolants = try #require(fixture.calibration(.spikebound).operators)
        // Variances up to 10: beyond the released 1/√x's reach (about 1.1); row sums e…30: the
        // released 1/x is valid there.
        let (chosen, replaced) = try PipelineCalibrator.validReleased(
            released, interpolants: interpolants, activation: fixture.reference.config.activation,
            domains: .init(gelu: -2...2, shiftedLow: -5, sumHigh: 30, variance: 0.5...10), tolerance: 0.05)
        #expect(replaced.map(\.function) == ["rsqrt"])
        #expect(chosen.rsqrt == interpolants.rsqrt)
        #expect(chosen.reciprocal == released.reciprocal)
        #expect(chosen.exp == released.exp)
    }

    /// What limits the public structure on MiniLM (docs/sta-structures.md), layer 0 of sentence 0: SpikeLN's 1/√x units
    /// have one threshold each, shared by every token, and layer 0's second LayerNorm sees
    /// [CLS] with a variance over 100 times the other tokens'. The MMSE threshold follows [CLS],
    /// so for every other token the units stay silent through T = 64 and the spiking operator
    /// gives its value below the first knot, f(k₀), at every step, whatever the variance.
    @Test func miniLMsOutlierTokenSilencesTheSpikingRsqrt() throws {
        let fixture = try MiniLMSamples(layers: 1, inputs: 1)
        let sample = fixture.samples[0]
        var configuration = PipelineConfiguration(kind: .sta)
        configuration.staStructure = .public
        configuration.calibrationSteps = 64
        let calibration = try PipelineCalibrator.calibrate(reference: fixture.reference, samples: [sample], configuration: configuration)
        let operators = try #require(calibration.operators)
        var variances: Tensor<Double>?
        _ = try PublicSTAForward(reference: fixture.reference, operators: operators).forward(sample.input, mask: sample.mask) { _, probe in
            if case .variance(.norm2Output, let v) = probe { variances = v }
        }
        let v = try #require(variances)
        let others = sample.keptTokens.dropFirst().map { v.values[$0] }
        #expect(v.values[0] > 100 * (others.max() ?? .infinity))
        let thresholds = try #require(calibration.layers[0].publicSTA?.rsqrtUnits[.norm2Output])
        #expect(thresholds[0].doubleValue() > v.values[0] / 2)
        let belowFirstKnot = try GroupOperatorValues<Double>(operators.rsqrt)(0)
        for x in others {
            var units = try BurstGroupOperator<Double>(operators.rsqrt, thresholds: thresholds.map { [$0] }, silentWhereZero: true)
            var silent = true
            for _ in 0..<64 where try units.step(Tensor(vector: [x])).values[0] != belowFirstKnot { silent = false }
            #expect(silent, "variance \(x)")
            #expect(abs(belowFirstKnot - 1 / x.squareRoot()) > 1)
        }
        // In the whole block, every encoder before the second LayerNorm approaches the ANN mode
        // (relative RMS below 0.02 at T = 64), while the second LayerNorm's stays off by more
        // than its own size.
        var annMode = [EncoderSite: Tensor<Double>]()
        _ = try PublicSTAForward(reference: fixture.reference, operators: operators).forward(sample.input, mask: sample.mask) { _, probe in
            if case .encoder(let site, let a) = probe { annMode[site] = a }
        }
        var errors = [EncoderSite: Double]()
        _ = try SpikingEncoder(reference: fixture.reference, calibration: calibration).run(
            sample.input, mask: sample.mask, steps: 64, checkpoints: [64]
        ) { o in
            guard o.step == 64, let target = annMode[o.site] else { return }
            var e = 0.0, size = 0.0
            for i in sample.keptTokens {
                for (a, b) in zip(o.runningMean.row(i), target.row(i)) { e += (a - b) * (a - b); size += b * b }
            }
            errors[o.site] = (e / size).squareRoot()
        }
        #expect(try #require(errors[.norm1Output]) < 0.02)
        #expect(try #require(errors[.projectionInput]) < 0.02)
        #expect(try #require(errors[.norm2Output]) > 1)
    }
}
