import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

/// B-CERT: the certified error of a run against the exact ANN, checked against the rational
/// interval engine on random tiny encoders (BERT, ViT, ViT with LayerScale), both pipelines, T
/// from 1 to the hundreds.
@Suite struct CertifiedErrorTests {
    /// Per layer, an enclosure [lo, hi] of the exact max |SNN − ANN| from the interval reference.
    static func intervalErrors(_ tiny: TinyEncoder, _ sample: EncoderSample, _ snn: [Tensor<Double>], bits: Int) throws -> [(lo: Double, hi: Double)] {
        let reference = try tiny.intervalReference(bits: bits)
        let ann = try reference.forward(try TinyEncoder.intervals(sample.input), mask: sample.mask)
        return try zip(snn, ann).map { s, a in
            var lo = Rational.zero, hi = Rational.zero
            for i in sample.keptTokens {
                for j in 0..<s.rowLength {
                    let d = Interval(try Rational(exactly: s.values[i * s.rowLength + j])) - a.values[i * a.rowLength + j]
                    lo = max(lo, d.mignitude)
                    hi = max(hi, d.magnitude)
                }
            }
            return (lo.doubleValue(rounding: .down), hi.doubleValue(rounding: .up))
        }
    }

    /// The exact error lies within [observedLower, bound], which the interval engine's
    /// enclosure of it meets; the two ends are within 10⁻¹² of each other; the bound is at least
    /// the error against the Double reference, less that reference's rounding.
    @Test func certifiedErrorEnclosesTheExactError() {
        forAllBounds(cases: 8, zip(TinyEncoderGen.encoder, Gen.int(in: 0...3), Gen.bool)) { value, ledger in
            let (encoder, k, sta) = value
            let T = [1, 2, 7, 300][k]
            let tiny = try TinyEncoder(seed: encoder.seed, architecture: encoder.architecture, layerScale: encoder.layerScale)
            let spiking = try SpikingEncoder(reference: tiny.reference, calibration: tiny.calibration(sta ? .sta : .ecmt))
            let enclosures = try ReferenceEnclosures(weights: tiny.weights, samples: tiny.samples)
            for sample in tiny.samples {
                let checkpoints = Array(Set([1, T])).sorted()
                let (run, residuals) = try spiking.runRecordingResiduals(sample.input, mask: sample.mask, steps: T, checkpoints: checkpoints)
                let ann = try tiny.reference.forward(sample.input, mask: sample.mask)
                let record = RecordedSample(sample: sample, ann: ann, means: run.meanOutputs, residuals: residuals)
                let certified = try CertifiedError.certify(record, enclosure: enclosures.enclosure(of: sample.name))
                #expect(certified.steps.map(\.T) == checkpoints)
                for step in certified.steps {
                    let snn = try #require(run.meanOutputs[step.T])
                    let exact = try Self.intervalErrors(tiny, sample, snn, bits: 160)
                    for layer in step.layers {
                        let (lo, hi) = exact[layer.layer]
                        let place = "\(tiny), \(sta ? "STA" : "ECMT"), \(sample.name), T = \(step.T), layer \(layer.layer)"
                        // The exact error's lower end under the certified bound, and the certified lower end under its upper end.
                        try ledger.check("B-CERT", observed: lo, bound: layer.bound, place)
                        try ledger.check("B-CERT lower end", observed: layer.observedLower, bound: hi, place)
                        #expect(layer.bound - layer.observedLower <= 1e-12 * max(1, layer.bound), "\(place): \(layer.observedLower) to \(layer.bound)")
                        let observed = try ErrorAttribution.maxMagnitude(snn[layer.layer] - ann[layer.layer], sample.keptTokens)
                        #expect(layer.bound >= observed - 1e-12, "\(place): bound \(layer.bound) below the Double error \(observed)")
                    }
                }
            }
        }
    }

    /// The relative error's bound (B-CERT) and the feature cosine's enclosure (B-COS) against
    /// the rational interval engine: the bound is at least the exact relative error's lower end
    /// (compared squared, in rationals), and the cosine enclosure meets the interval engine's
    /// enclosure of the exact cosine (mean pooling and the first token); max pooling is not
    /// covered and gives nil.
    @Test func relativeErrorAndFeatureCosineEncloseTheExactValues() {
        forAllBounds(cases: 6, zip(TinyEncoderGen.encoder, Gen.int(in: 0...2), Gen.bool)) { value, ledger in
            let (encoder, k, cls) = value
            let T = [1, 5, 200][k]
            let tiny = try TinyEncoder(seed: encoder.seed, architecture: encoder.architecture, layerScale: encoder.layerScale)
            let spiking = try SpikingEncoder(reference: tiny.reference, calibration: tiny.calibration(.ecmt))
            let enclosures = try ReferenceEnclosures(weights: tiny.weights, samples: tiny.samples)
            let pooling = SentencePooling(mode: cls ? .cls : .mean, normalize: true)
            let interval = try tiny.intervalReference(bits: 160)
            for sample in tiny.samples {
                let (run, residuals) = try spiking.runRecordingResiduals(sample.input, mask: sample.mask, steps: T, checkpoints: [T])
                let ann = try tiny.reference.forward(sample.input, mask: sample.mask)
                let record = RecordedSample(sample: sample, ann: ann, means: run.meanOutputs, residuals: residuals)
                let certified = try CertifiedError.certify(record, enclosure: enclosures.enclosure(of: sample.name), pooling: pooling)
                let snn = try #require(run.meanOutputs[T])
                let exact = try interval.forward(try TinyEncoder.intervals(sample.input), mask: sample.mask)
                let place = "\(tiny), \(sample.name), T = \(T)"
                for layer in certified.steps[0].layers {
                    var num = Interval(.zero), den = Interval(.zero)
                    let s = snn[layer.layer], a = exact[layer.layer]
                    for i in sample.keptTokens {
                        for j in 0..<s.rowLength {
                            let e = a.values[i * a.rowLength + j]
                            num = num + (Interval(try Rational(exactly: s.values[i * s.rowLength + j])) - e).squared
                            den = den + e.squared
                        }
                    }
                    // relative² ≥ num.lo / den.hi, the smallest the exact squared ratio can be.
                    let bound = try Rational(exactly: layer.relativeBound)
                    let smallest = try num.lo / den.hi
                    try ledger.check("B-CERT relative", observed: smallest, bound: bound * bound, "\(place), layer \(layer.layer)")
                }
                // The exact cosine, enclosed by the interval engine over the same pooling.
                let last = exact[exact.count - 1], s = snn[snn.count - 1], width = s.rowLength
                let rows = cls ? [sample.keptTokens[0]] : sample.keptTokens
                var dot = Interval(.zero), uu = Interval(.zero), aa = Interval(.zero)
                for j in 0..<width {
                    var u = Rational.zero, e = Interval(.zero)
                    for i in rows {
                        u = u + (try Rational(exactly: s.values[i * width + j]))
                        e = e + last.values[i * width + j]
                    }
                    dot = dot + e * u
                    uu = uu + Interval(u * u)
                    aa = aa + e.squared
                }
                let cosine = try #require(certified.steps[0].featureCosine)
                // cos ≤ upper and cos ≥ lower, checked squared where the sign allows: dot ≤ upper·√(uu·aa).
                if cosine.lower > 0 {
                    let lower = try Rational(exactly: cosine.lower)
                    // dot.hi² ≥ lower²·uu·aa.lo must hold, else the exact cosine is below the certified lower end.
                    try ledger.check("B-COS lower", observed: (lower * lower * (uu * aa).lo).doubleValue(rounding: .down), bound: (dot.hi * dot.hi).doubleValue(rounding: .up), place)
                }
                #expect(cosine.lower <= cosine.upper && cosine.upper - cosine.lower < 1e-9, "\(place): \(cosine)")
            }
        }
        #expect(!CertifiedCosine.covers(SentencePooling(mode: .max, normalize: true)))
        #expect(CertifiedCosine.covers(.meanNormalized))
    }

    /// Comparing with the enclosure's midpoint alone is caught: where the SNN sits at the
    /// midpoint of a low-precision enclosure, the mutant claims 0 while the exact error is not.
    @Test func droppingTheRadiusIsCaught() throws {
        var caught = 0
        for seed in [UInt64(5), 17, 29] {
            let tiny = try TinyEncoder(seed: seed, architecture: seed == 17 ? .vitPreLN : .bertPostLN)
            let sample = tiny.samples[0]
            let enclosure = try ReferenceEnclosure.enclose(
                sample, weights: tiny.weights.converted(to: Ball.self), bits: 32, maximumBits: 32)
            // SNN means equal to the midpoints, in full rows (only kept rows are compared).
            let width = sample.input.shape[1]
            var means = [Tensor<Double>]()
            for layer in enclosure.layers {
                var values = [Double](repeating: 0, count: sample.input.shape[0] * width)
                for (r, row) in enclosure.rows.enumerated() {
                    for j in 0..<width { values[row * width + j] = layer.values[r * width + j].midpoint }
                }
                means.append(try Tensor(shape: sample.input.shape, values: values))
            }
            let ann = try tiny.reference.forward(sample.input, mask: sample.mask)
            let record = RecordedSample(sample: sample, ann: ann, means: [1: means], residuals: SiteResiduals(T: 1, [:]))
            let exact = try Self.intervalErrors(tiny, sample, means, bits: 160)
            let sound = try CertifiedError.certify(record, enclosure: enclosure)
            let mutant = try CertifiedError.certify(record, enclosure: enclosure, mutation: .dropRadius)
            for (l, (lo, _)) in exact.enumerated() {
                #expect(sound.steps[0].layers[l].bound >= lo, "the sound certificate at 32 bits misses the exact error")
                if mutant.steps[0].layers[l].bound < lo { caught += 1 }
            }
        }
        #expect(caught > 0, "dropping the radius was never caught")
    }

    /// A record of another input, or means of the wrong shape, are refused.
    @Test func mismatchedRecordsAreRefused() throws {
        let tiny = try TinyEncoder(seed: 3, architecture: .bertPostLN)
        let enclosures = try ReferenceEnclosures(weights: tiny.weights, samples: tiny.samples)
        let ann = try tiny.reference.forward(tiny.samples[1].input, mask: tiny.samples[1].mask)
        let record = RecordedSample(sample: tiny.samples[1], ann: ann, means: [1: ann], residuals: SiteResiduals(T: 1, [:]))
        #expect(throws: BoundError.self) { try CertifiedError.certify(record, enclosure: enclosures.enclosure(of: tiny.samples[0].name)) }
        let short = RecordedSample(sample: tiny.samples[1], ann: ann, means: [1: [ann[0]]], residuals: SiteResiduals(T: 1, [:]))
        #expect(throws: BoundError.self) { try CertifiedError.certify(short, enclosure: enclosures.enclosure(of: tiny.samples[1].name)) }
        #expect(throws: BoundError.self) { try enclosures.enclosure(of: "no such input") }
    }
}
