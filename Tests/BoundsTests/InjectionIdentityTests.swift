import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import ReferenceTransformer
import SpikingOperators
import SpikingPipelines
import Testing
import Tensors

/// B-INJ: ECMT's mean output at T is the ANN with −V_i(T)/T injected at every neuron site.
@Suite struct InjectionIdentityTests {
    /// What comparing the SNN's means with the injected ANN found, over every checkpoint, layer
    /// and kept entry of every input.
    struct Comparison {
        var entries = 0
        /// Entries whose two enclosures do not meet (they cannot both hold the true value).
        var disjoint = 0
        var maxWidth = 0.0
        var bits = 0
    }

    /// The injection a run's residuals give, or a deliberately wrong one.
    enum Injection {
        case exact
        case nextStep
        case droppingSite(SiteKey)
    }

    /// Interval runs of the ECMT pipeline (the exact SNN, enclosed) beside the interval ANN with
    /// the residuals injected; on an undecided firing decision the precision is raised.
    static func intervalComparison(_ tiny: TinyEncoder, steps T: Int, injection: Injection = .exact) throws -> Comparison {
        let calibration = try tiny.calibration(.ecmt)
        var lastError: Error?
        for bits in [96, 192, 384] {
            do {
                var comparison = Comparison(bits: bits)
                let reference = try tiny.intervalReference(bits: bits)
                let encoder = try SpikingEncoder(reference: reference, calibration: calibration)
                for sample in tiny.samples {
                    let input = try TinyEncoder.intervals(sample.input)
                    let checkpoints = Array(Set([1, (T + 1) / 2, T])).sorted()
                    let (run, residuals) = try encoder.runRecordingResiduals(
                        input, mask: sample.mask, steps: T, checkpoints: checkpoints)
                    for t in checkpoints {
                        let injected = try reference.forward(input, mask: sample.mask, inject: injector(residuals, t, injection))
                        let means = try #require(run.meanOutputs[t])
                        for (snn, ann) in zip(means, injected) {
                            for i in sample.keptTokens {
                                for j in 0..<snn.shape[1] {
                                    let a = snn.values[i * snn.shape[1] + j], b = ann.values[i * ann.shape[1] + j]
                                    comparison.entries += 1
                                    if a.intersection(b) == nil { comparison.disjoint += 1 }
                                    comparison.maxWidth = max(comparison.maxWidth, max(a.width, b.width).doubleValue(rounding: .up))
                                }
                            }
                        }
                    }
                }
                return comparison
            } catch let error as OperatorError {
                guard case .undecided = error else { throw error }
                lastError = error
            }
        }
        throw lastError ?? OperatorError.undecided("every precision")
    }

    static func injector(_ residuals: SiteResiduals<Interval>, _ T: Int, _ injection: Injection) -> ReferenceEncoder<Interval>.Injector {
        switch injection {
        case .exact:
            return residuals.injector(at: T)
        case .nextStep:
            let at = residuals.at(T)
            return { layer, site, value in
                guard let v = at[layer]?[site] else { return value }
                return try value - v.divided(by: T + 1)
            }
        case .droppingSite(let key):
            let exact = residuals.injector(at: T)
            return { layer, site, value in
                SiteKey(layer: layer, site: site) == key ? value : try exact(layer, site, value)
            }
        }
    }

    /// In exact (enclosed) arithmetic every entry of the SNN's mean meets the injected ANN's
    /// enclosure, and both are narrow: a missing or wrong term would separate them.
    @Test func exactSNNMeanIsTheInjectedANN() {
        forAll(cases: 6, zip(TinyEncoderGen.encoder, Gen.int(in: 0...5))) { encoder, k in
            let T = [1, 2, 3, 4, 6, 9][k]
            let tiny = try TinyEncoder(seed: encoder.seed, architecture: encoder.architecture, layerScale: encoder.layerScale)
            let comparison = try Self.intervalComparison(tiny, steps: T)
            #expect(comparison.entries > 0)
            #expect(comparison.disjoint == 0, "\(tiny), T = \(T): \(comparison.disjoint) of \(comparison.entries) entries apart")
            #expect(comparison.maxWidth < 1e-15, "\(tiny), T = \(T): enclosures \(comparison.maxWidth) wide at \(comparison.bits) bits")
        }
    }

    /// Double runs to T in the hundreds agree with the injected Double ANN up to rounding: the
    /// difference stays below 10⁻⁹ while an injection off by one step (−V/(T+1)) or a dropped
    /// site moves the result by about V/T², far more at these T (checked in `wrongInjectionIsCaught`).
    @Test func doubleRunsAgreeUpToRounding() {
        forAll(cases: 8, zip(TinyEncoderGen.encoder, BoundGen.shortSteps)) { encoder, T in
            let tiny = try TinyEncoder(seed: encoder.seed, architecture: encoder.architecture, layerScale: encoder.layerScale)
            let reference = tiny.reference
            let spiking = try SpikingEncoder(reference: reference, calibration: tiny.calibration(.ecmt))
            for sample in tiny.samples {
                let checkpoints = Array(Set([1, T])).sorted()
                let (run, residuals) = try spiking.runRecordingResiduals(
                    sample.input, mask: sample.mask, steps: T, checkpoints: checkpoints)
                for t in checkpoints {
                    let injected = try ErrorAttribution.injected(
                        reference: reference, input: sample.input, mask: sample.mask, residuals: residuals, T: t)
                    let means = try #require(run.meanOutputs[t])
                    for (layer, pair) in zip(means, injected).enumerated() {
                        let gap = try ErrorAttribution.maxMagnitude(pair.0 - pair.1, sample.keptTokens)
                        #expect(gap < 1e-9, "\(tiny), T = \(t), layer \(layer): SNN and injected ANN differ by \(gap)")
                    }
                }
            }
        }
    }

    /// The identity test is not vacuous: injecting −V/(T+1), or leaving out one site, separates
    /// the enclosures somewhere, for every encoder tried.
    @Test(arguments: [(UInt64(11), EncoderConfig.Architecture.bertPostLN), (23, .vitPreLN), (37, .bertPostLN)])
    func wrongInjectionIsCaught(seed: UInt64, architecture: EncoderConfig.Architecture) throws {
        let tiny = try TinyEncoder(seed: seed, architecture: architecture)
        for mutant in [Injection.nextStep, .droppingSite(SiteKey(layer: 0, site: .fc2Input)),
                       .droppingSite(SiteKey(layer: 1, site: .query))] {
            let comparison = try Self.intervalComparison(tiny, steps: 3, injection: mutant)
            #expect(comparison.disjoint > 0, "\(tiny): the mutant \(mutant) was not caught")
        }
    }
}
