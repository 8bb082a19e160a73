import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

/// B-ATTR: single-site re-evaluation splits each layer's injected error into site contributions
/// and an interaction term.
@Suite struct AttributionTests {
    /// The shape of a site's value in a tiny encoder.
    static func shape(_ site: EncoderSite, _ config: EncoderConfig, tokens: Int) -> [Int] {
        switch site {
        case .attentionProbabilities: return [tokens, config.heads * tokens]
        case .fc2Input: return [tokens, config.intermediateSize]
        default: return [tokens, config.hiddenSize]
        }
    }

    /// One site injected alone: layers before it see nothing, layers from it on see exactly
    /// that one contribution, equal to the whole injected error, and no interaction (the
    /// re-evaluation from the clean state of the layer before is the same computation as the
    /// whole forward).
    @Test func singleSiteHasNoInteraction() {
        forAll(cases: 12, zip(TinyEncoderGen.encoder, Gen.int(in: 0...1), Gen.int(in: 0...7), Gen.int(in: 1...300))) {
            encoder, layer, siteIndex, T in
            let tiny = try TinyEncoder(seed: encoder.seed, architecture: encoder.architecture, layerScale: encoder.layerScale)
            let reference = tiny.reference
            let sample = tiny.samples[siteIndex % tiny.samples.count]
            let site = EncoderSite.neuronSites[siteIndex]
            let tokens = sample.input.shape[0]
            var rng = SplitMix(state: encoder.seed ^ UInt64(T))
            let shape = Self.shape(site, reference.config, tokens: tokens)
            let residual = try Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in
                Double(Int(rng.next() % 201) - 100) / 64
            })
            let residuals = SiteResiduals<Double>(T: T, [layer: [site: residual]])
            let result = try ErrorAttribution.attribute(
                reference: reference, input: sample.input, mask: sample.mask, residuals: residuals, T: T,
                rows: sample.keptTokens)
            #expect(result.layers.count == 2)
            for l in result.layers {
                if l.layer < layer {
                    #expect(l.injectedError == 0 && l.contributions.isEmpty && l.interaction == 0)
                } else {
                    #expect(l.contributions.map(\.site) == [SiteKey(layer: layer, site: site)])
                    #expect(l.contributions.first?.magnitude == l.injectedError)
                    #expect(l.interaction == 0, "\(tiny), \(site) in layer \(layer): interaction \(l.interaction)")
                }
            }
            #expect(result.layers[layer].injectedError > 0, "\(tiny): injecting at \(site) changed nothing")
        }
    }

    /// On real ECMT runs (both architectures, T from 1 to the hundreds): every site of layers
    /// ≤ l is attributed at layer l; each contribution is what a whole forward with that one
    /// site injected gives; and the injected error is at most the sum of the contributions plus
    /// the interaction (up to the Double rounding of that sum).
    @Test func contributionsAddUpWithTheInteraction() {
        forAll(cases: 6, zip(TinyEncoderGen.encoder, BoundGen.shortSteps)) { encoder, T in
            let tiny = try TinyEncoder(seed: encoder.seed, architecture: encoder.architecture, layerScale: encoder.layerScale)
            let reference = tiny.reference
            let spiking = try SpikingEncoder(reference: reference, calibration: tiny.calibration(.ecmt))
            let sample = tiny.samples[0]
            let (run, residuals) = try spiking.runRecordingResiduals(sample.input, mask: sample.mask, steps: T, checkpoints: [T])
            let result = try ErrorAttribution.attribute(
                reference: reference, input: sample.input, mask: sample.mask, residuals: residuals, T: T,
                rows: sample.keptTokens, snn: run.meanOutputs[T])
            let clean = try reference.forward(sample.input, mask: sample.mask)
            for l in result.layers {
                #expect(l.contributions.count == 8 * (l.layer + 1))
                let sum = l.contributions.reduce(0) { $0 + $1.magnitude } + l.interaction
                #expect(l.injectedError <= sum * (1 + 1e-12), "\(tiny), T = \(T), layer \(l.layer)")
                #expect((l.remainder ?? 1) < 1e-9, "\(tiny), T = \(T): ECMT's remainder \(l.remainder ?? .nan)")
                for c in l.contributions where c.site.layer == 0 && c.site.site == .value {
                    let whole = try reference.forward(
                        sample.input, mask: sample.mask, inject: residuals.injector(at: T, only: c.site))
                    let direct = try ErrorAttribution.maxMagnitude(whole[l.layer] - clean[l.layer], sample.keptTokens)
                    #expect(direct == c.magnitude, "\(tiny): \(c.site) gives \(c.magnitude), a whole forward \(direct)")
                }
            }
        }
    }
}
