import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Tensors
import Testing

/// The LayerNorm cap (lemma CAP as a display rule): on random tiny BERT encoders, ECMT's Double
/// SNN error at every post-LN layer and T, 1 to the hundreds, stays within the cap (up to the
/// Double runs' rounding); a pre-LN encoder has none; and an a priori certificate marks a bound
/// vacuous exactly when it is at or above its cap.
@Suite struct LayerNormCapTests {
    @Test func theCapBoundsECMTsErrorAtEveryPostLNLayer() {
        forAllBounds(cases: 8, zip(Gen.int(in: 1...1000), Gen.int(in: 0...3))) { value, ledger in
            let (seed, k) = value
            let T = [1, 2, 9, 300][k]
            let tiny = try TinyEncoder(seed: UInt64(seed), architecture: .bertPostLN)
            let spiking = try SpikingEncoder(reference: tiny.reference, calibration: tiny.calibration(.ecmt))
            for sample in tiny.samples {
                let ann = try tiny.reference.forward(sample.input, mask: sample.mask)
                let caps = try #require(try LayerNormCap.caps(tiny.weights, ann: ann, rows: sample.keptTokens))
                let (run, _) = try spiking.runRecordingResiduals(sample.input, mask: sample.mask, steps: T, checkpoints: [T])
                let snn = try #require(run.meanOutputs[T])
                for l in caps.indices {
                    let observed = try ErrorAttribution.maxMagnitude(snn[l] - ann[l], sample.keptTokens)
                    try ledger.check("CAP", observed: observed, bound: caps[l] * (1 + 1e-12), "\(tiny), \(sample.name), T = \(T), layer \(l)")
                }
            }
        }
    }

    @Test func preLNHasNoCapAndVacuityIsAtTheCap() throws {
        let vit = try TinyEncoder(seed: 4, architecture: .vitPreLN)
        let sample = vit.samples[0]
        #expect(try LayerNormCap.caps(vit.weights, ann: vit.reference.forward(sample.input, mask: sample.mask), rows: sample.keptTokens) == nil)
        var layer = APrioriLayer(layer: 0, bound: 2, observed: 0.1, tightness: 0.05)
        #expect(!layer.isVacuous)
        layer.cap = 2
        #expect(layer.isVacuous)
        layer.cap = 2.5
        #expect(!layer.isVacuous)
    }
}
