import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

/// B-STEP and B-NET on random tiny encoders: the a priori bound holds at every point of the
/// domain we try (centre, corners, interior), every layer and every T; the per-step boxes hold
/// every per-step neuron input and membrane of real runs.
@Suite struct APrioriBoundTests {
    /// A domain around one of the encoder's inputs and the points of it a test runs.
    struct Domain {
        let boxes: Tensor<Interval>
        let points: [Tensor<Double>]
    }

    /// The input ± margin (dyadic), with its centre, two random corners and a random interior point.
    static func domain(_ sample: EncoderSample, margin: Double, seed: UInt64) throws -> Domain {
        let boxes = try APrioriBound.boxes(around: sample.input, margin: try Rational(exactly: margin))
        var rng = SplitMix(state: seed)
        func point(_ pick: () -> Double) -> Tensor<Double> { sample.input.map { $0 + pick() * margin } }
        let points = [
            sample.input,
            point { rng.next() % 2 == 0 ? -1 : 1 },
            point { rng.next() % 2 == 0 ? -1 : 1 },
            point { Double(Int(rng.next() % 129) - 64) / 64 },
        ]
        return Domain(boxes: boxes, points: margin == 0 ? [sample.input] : points)
    }

    static let margins: [Double] = [0, 1.0 / 64, 1.0 / 8]

    /// The analysis of one pipeline, as `APrioriBound.analyse` and `STAAPrioriBound.analyse` share it.
    typealias Analysis = (
        ReferenceEncoder<Interval>, PipelineCalibration, Tensor<Interval>, [Bool]?, [Int], [Int], ((String) -> Void)?
    ) throws -> APrioriResult

    /// Observed ≤ B_l(T) at every point, layer and T (observed in Double: up to 10⁻⁹ of rounding,
    /// the agreement InjectionIdentityTests measures), on random tiny encoders with the pipeline
    /// `kind`, margins 0, 1/64 and 1/8, and T ∈ {1, 2, 7} and one T in 20…300. B_l(T) need not fall
    /// with T (B-REACH's part is not monotone, B-NET.md), so that is not asserted.
    static func observedIsWithinTheBound(
        named name: String, _ kind: PipelineKind, cases: Int, bits: Int, _ analyse: Analysis
    ) {
        forAll(named: name, cases: cases, zip(TinyEncoderGen.encoder, Gen.int(in: 0...2), Gen.int(in: 20...300))) { encoder, marginIndex, longT in
            let tiny = try TinyEncoder(seed: encoder.seed, architecture: encoder.architecture, layerScale: encoder.layerScale)
            let calibration = try tiny.calibration(kind)
            let interval = try tiny.intervalReference(bits: bits)
            let spiking = try SpikingEncoder(reference: tiny.reference, calibration: calibration)
            let steps = Array(Set([1, 2, 7, longT])).sorted()
            for (k, sample) in tiny.samples.enumerated() {
                let domain = try Self.domain(sample, margin: Self.margins[marginIndex], seed: encoder.seed &+ UInt64(k))
                let result = try analyse(interval, calibration, domain.boxes, sample.mask, sample.keptTokens, steps, nil)
                for point in domain.points {
                    let ann = try tiny.reference.forward(point, mask: sample.mask)
                    let run = try spiking.run(point, mask: sample.mask, steps: longT, checkpoints: steps)
                    for T in steps {
                        let snn = try #require(run.meanOutputs[T]), bounds = try #require(result.bounds[T])
                        for l in ann.indices {
                            let observed = try ErrorAttribution.maxMagnitude(snn[l] - ann[l], sample.keptTokens)
                            #expect(observed <= bounds[l] + 1e-9,
                                    "\(tiny), \(kind), input \(k), margin \(Self.margins[marginIndex]), layer \(l), T = \(T): observed \(observed) > a priori \(bounds[l])")
                        }
                    }
                }
            }
        }
    }

    /// B-NET (ECMT).
    @Test func observedErrorIsWithinTheAPrioriBound() {
        Self.observedIsWithinTheBound(named: #function, .ecmt, cases: 8, bits: 96, APrioriBound.analyse)
    }

    /// B-STEP on real runs: at every step, every neuron's input x_t = s_t + V_t − V_{t−1} lies in
    /// its site's per-step box, and the membrane lies in the site's membrane box where there is
    /// one (B-MT's, intersected with B-REACH's settled hull). Inputs are the domain's points, T up
    /// to the hundreds.
    @Test func perStepBoxesHoldEveryStep() {
        forAll(cases: 8, zip(TinyEncoderGen.encoder, Gen.int(in: 0...2), Gen.int(in: 1...200))) { encoder, marginIndex, T in
            let tiny = try TinyEncoder(seed: encoder.seed, architecture: encoder.architecture, layerScale: encoder.layerScale)
            let calibration = try tiny.calibration(.ecmt)
            let interval = try tiny.intervalReference(bits: 96)
            let spiking = try SpikingEncoder(reference: tiny.reference, calibration: calibration)
            let sample = tiny.samples[Int(encoder.seed % UInt64(tiny.samples.count))]
            let domain = try Self.domain(sample, margin: Self.margins[marginIndex], seed: encoder.seed)
            let ranges = try StepRanges.analyse(
                reference: interval, calibration: calibration, domain: domain.boxes, mask: sample.mask)
            var checked = 0, outside = [String]()
            for point in domain.points {
                var previous = [SiteKey: Tensor<Double>]()
                _ = try spiking.run(point, mask: sample.mask, steps: T, checkpoints: [T]) { o in
                    guard let membrane = o.membrane else { return }
                    let key = SiteKey(layer: o.layer, site: o.site)
                    let before = previous[key] ?? membrane.map { _ in 0 }
                    previous[key] = membrane
                    guard let boxes = ranges.inputs[o.layer][o.site], let neuron = ranges.neurons[o.layer][o.site] else {
                        outside.append("no range for \(key)")
                        return
                    }
                    for i in membrane.values.indices {
                        let input = o.output.values[i] + membrane.values[i] - before.values[i]
                        let box = boxes.values[i]
                        let slack = 1e-9 * max(1, abs(input))
                        if input < box.lo.doubleValue() - slack || input > box.hi.doubleValue() + slack {
                            outside.append("layer \(o.layer) \(o.site.rawValue) step \(o.step): input \(input) outside \(box)")
                        }
                        if let v = neuron.membrane,
                           membrane.values[i] < v.lo.doubleValue() - 1e-9 || membrane.values[i] > v.hi.doubleValue() + 1e-9 {
                            outside.append("layer \(o.layer) \(o.site.rawValue) step \(o.step): membrane \(membrane.values[i]) outside \(v)")
                        }
                        checked += 1
                    }
                }
            }
            #expect(outside.isEmpty, "\(tiny), T = \(T): \(outside.prefix(3))")
            #expect(checked > 0)
        }
    }
}
