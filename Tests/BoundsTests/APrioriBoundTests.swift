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
        ReferenceEncoder<Interval>, PipelineCalibration, Tensor<Interval>, [Bool]?, [Int], [Int], ((AnalysisStage) -> Void)?
    ) throws -> APrioriResult

    /// Observed ≤ B_l(T) at every point, layer and T (observed in Double: up to 10⁻⁹ of rounding,
    /// the agreement InjectionIdentityTests measures), on random tiny encoders with the pipeline
    /// `kind`, margins 0, 1/64 and 1/8, and T ∈ {1, 2, 7} and one T in 20…300. For ECMT also
    /// |V_k(T)|/T ≤ B_k(T) at every neuron site (the injections B-NET assumes, B-INJ). B_l(T) need
    /// not fall with T (B-REACH's part is not monotone, B-NET.md), so that is not asserted.
    static func observedIsWithinTheBound(
        file: String = #fileID, function: String = #function, _ kind: PipelineKind, theorem: String, cases: Int, bits: Int,
        _ analyse: Analysis
    ) {
        everyDomainIsWithinTheBound(file: file, function: function, theorem: theorem, cases: cases) { encoder, marginIndex, longT, box in
            try violations(encoder, kind, marginIndex: marginIndex, longT: longT, bits: bits, ledger: box, analyse)
        }
    }

    /// The a priori properties' frame: random tiny encoders, margins and a long T; `violations`
    /// lists what exceeds the bound (recording every ratio in the box); the first is thrown for
    /// `forAllBounds` to shrink and report.
    static func everyDomainIsWithinTheBound(
        file: String = #fileID, function: String = #function, theorem: String, cases: Int,
        _ violations: (TinyEncoderGen.Choice, Int, Int, LedgerBox) throws -> [String]
    ) {
        forAllBounds(file: file, function: function, cases: cases, zip(TinyEncoderGen.encoder, Gen.int(in: 0...2), Gen.int(in: 20...300))) { value, ledger in
            let (encoder, marginIndex, longT) = value
            let box = LedgerBox(layer: theorem, site: "\(theorem) site")
            let found = try violations(encoder, marginIndex, longT, box)
            ledger.absorb(box.ledger)
            try throwFirst(found, theorem)
        }
    }

    /// Throws the first violation (for `forAllBounds`, which shrinks and reports it).
    static func throwFirst(_ found: [String], _ theorem: String) throws {
        if let first = found.first { throw BoundViolation(bound: theorem, observed: .nan, limit: .nan, context: "\(found.count) violations, the first: \(first)") }
    }

    /// Every place where an observed error exceeds its a priori bound, for one encoder, margin and
    /// T grid: a layer's |SNN_l − ANN_l| above B_l(T), or (ECMT) a site's |V_k(T)|/T above B_k(T),
    /// or a bucket's injected box narrower than the site's B_k(t) there (B-NET's induction).
    static func violations(
        _ encoder: TinyEncoderGen.Choice, _ kind: PipelineKind, marginIndex: Int, longT: Int, bits: Int, ledger: LedgerBox? = nil,
        _ analyse: Analysis
    ) throws -> [String] {
        var interval: ReferenceEncoder<Interval>?
        return try violations(encoder, kind, marginIndex: marginIndex, longT: longT, siteRows: { _ in nil }, ledger: ledger) {
            tiny, calibration, sample, _, domain, steps in
            let reference = try interval ?? tiny.intervalReference(bits: bits)
            interval = reference
            return try analyse(reference, calibration, domain.boxes, sample.mask, sample.keptTokens, steps, nil)
        }
    }

    /// The analysis of one sample's domain: (encoder, calibration, sample, margin, domain, T grid).
    typealias DomainAnalysis = (TinyEncoder, PipelineCalibration, EncoderSample, Double, Domain, [Int]) throws -> APrioriResult

    /// `violations` for any analysis of a domain; `siteRows` gives the rows of a sample over
    /// which site residuals are compared (nil: every row).
    static func violations(
        _ encoder: TinyEncoderGen.Choice, _ kind: PipelineKind, marginIndex: Int, longT: Int,
        siteRows: (EncoderSample) -> [Int]?, ledger: LedgerBox? = nil, _ analyse: DomainAnalysis
    ) throws -> [String] {
        let tiny = try TinyEncoder(seed: encoder.seed, architecture: encoder.architecture, layerScale: encoder.layerScale)
        let calibration = try tiny.calibration(kind)
        let spiking = try SpikingEncoder(reference: tiny.reference, calibration: calibration)
        let steps = Array(Set([1, 2, 7, longT])).sorted()
        var found = [String]()
        for (k, sample) in tiny.samples.enumerated() {
            let margin = Self.margins[marginIndex]
            let domain = try Self.domain(sample, margin: margin, seed: encoder.seed &+ UInt64(k))
            let result = try analyse(tiny, calibration, sample, margin, domain, steps)
            let context = "\(tiny), \(kind), input \(k), margin \(margin)"
            for point in domain.points {
                found += try pointViolations(
                    point, sample, result, reference: tiny.reference, spiking: spiking, longT: longT, steps: steps,
                    siteRows: siteRows(sample), context: context, ledger: ledger)
            }
        }
        return found
    }

    /// The violations at one point of a domain: a layer's observed error above B_l(T), a site's
    /// |V_k(T)|/T above B_k(T) (over `siteRows`, every row when nil), or a bucket's injected
    /// radius below the site's B_k(t) there (B-NET's induction).
    static func pointViolations(
        _ point: Tensor<Double>, _ sample: EncoderSample, _ result: APrioriResult, reference: ReferenceEncoder<Double>,
        spiking: SpikingEncoder<Double>, longT: Int, steps: [Int], siteRows: [Int]?, context: String, ledger: LedgerBox? = nil
    ) throws -> [String] {
        var found = [String]()
        let ann = try reference.forward(point, mask: sample.mask)
        let (run, residuals) = try spiking.runRecordingResiduals(point, mask: sample.mask, steps: longT, checkpoints: steps)
        for T in steps {
            let snn = try #require(run.meanOutputs[T]), bounds = try #require(result.bounds[T])
            for l in ann.indices {
                let observed = try ErrorAttribution.maxMagnitude(snn[l] - ann[l], sample.keptTokens)
                ledger?.recordLayer(observed: observed, bound: bounds[l], "\(context), layer \(l), T = \(T)")
                if observed > bounds[l] + 1e-9 {
                    found.append("\(context), layer \(l), T = \(T): observed \(observed) > a priori \(bounds[l])")
                }
            }
            for site in result.sites {
                for injection in site.injections where injection.steps.contains(T) {
                    let needed = injection.steps.map { site.stepBounds[$0] }.max() ?? .zero
                    if injection.radius < needed {
                        found.append("\(context), layer \(site.layer) \(site.site.rawValue), steps \(injection.steps): injected ±\(injection.radius.doubleValue()) < B_k = \(needed.doubleValue())")
                    }
                }
                guard let v = residuals.at(T)[site.layer]?[site.site], let b = site.bounds[T] else {
                    found.append("\(context): no residual or bound at layer \(site.layer) \(site.site.rawValue), T = \(T)")
                    continue
                }
                let largest = try ErrorAttribution.maxMagnitude(v, siteRows ?? Array(0..<v.rowCount))
                ledger?.recordSite(
                    observed: largest / Double(T), bound: b.doubleValue(rounding: .up), "\(context), layer \(site.layer) \(site.site.rawValue), T = \(T)")
                if largest / Double(T) > b.doubleValue(rounding: .up) + 1e-9 {
                    found.append("\(context), layer \(site.layer) \(site.site.rawValue), T = \(T): |V|/T = \(largest / Double(T)) > B_k = \(b.doubleValue())")
                }
            }
        }
        return found
    }

    /// Each deliberate weakening of B-NET is caught on the first few encoders of a fixed stream:
    /// `nextStep` by an observed error (a layer's or a site's) above the weakened bound, and
    /// `halveInjection` only by the induction check. The interval propagation's worst case needs
    /// residual signs aligned with the weights, which real runs do not reach, so observed errors
    /// stay far below even half the bound.
    @Test(arguments: APrioriBound.Mutation.allCases)
    func mutantOfTheNetworkBoundIsCaught(_ mutation: APrioriBound.Mutation) throws {
        var rng = Xoshiro(seed: (1, 2, 3, 4))
        var found = [String]()
        for _ in 0..<6 where found.isEmpty {
            let encoder = TinyEncoderGen.encoder.run(using: &rng)
            found = try Self.violations(encoder, .ecmt, marginIndex: 0, longT: 20, bits: 64) { r, c, d, m, rows, steps, p in
                try APrioriBound.analyse(
                    reference: r, calibration: c, domain: d, mask: m, rows: rows, steps: steps, progress: p, mutation: mutation)
            }
        }
        #expect(!found.isEmpty, "the \(mutation.rawValue) mutant of B-NET survived six encoders")
    }

    /// B-NET (ECMT).
    @Test func observedErrorIsWithinTheAPrioriBound() {
        Self.observedIsWithinTheBound(.ecmt, theorem: "B-NET", cases: 8, bits: 96) { r, c, d, m, rows, steps, p in
            try APrioriBound.analyse(reference: r, calibration: c, domain: d, mask: m, rows: rows, steps: steps, progress: p)
        }
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
