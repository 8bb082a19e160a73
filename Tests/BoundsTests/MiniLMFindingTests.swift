import Bounds
import Foundation
import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

/// On the embedded MiniLM fixture (all six layers, its first sentence as a point domain), the
/// centred a priori analysis (B-CF) states nothing about the model that a point evaluation
/// contradicts: at every neuron site, the certified range of the ANN's values it reasons from
/// lies within the Double evaluation's range (up to that evaluation's rounding), and every
/// `saturation` finding cites a certified range inside the Double one, which passes the levels.
@Suite struct MiniLMFindingTests {
    @Test func noFindingClaimsARangeThePointEvaluationContradicts() throws {
        let folder = RepositoryFiles.url("Fixtures/minilm-l6")
        let weights = try EncoderLoader.load(directory: folder)
        let samples = try EncoderInputs.load(
            folder.appendingPathComponent("inputs.safetensors"), sentences: folder.appendingPathComponent("sentences.json"))
        let reference = try ReferenceEncoder(weights)
        let calibration = try PipelineCalibrator.calibrate(
            reference: reference, samples: samples, configuration: PipelineConfiguration(kind: .ecmt))
        let sample = samples[0]
        let result = try CentredAPriori.analyse(
            weights: weights, calibration: calibration, input: sample.input, margin: .zero, mask: sample.mask, steps: [1, 8])
        let point = try PointSiteRanges.evaluate(sample, reference: reference)
        #expect(result.sites.count == 6 * EncoderSite.neuronSites.count)
        func slack(_ x: Double) -> Double { 1e-9 * (1 + abs(x)) }
        for site in result.sites {
            let key = SiteKey(layer: site.layer, site: site.site)
            let values = try #require(point[key])
            let lo = site.meanHull.lo.doubleValue(rounding: .down), hi = site.meanHull.hi.doubleValue(rounding: .up)
            #expect(lo >= values.lo - slack(values.lo) && hi <= values.hi + slack(values.hi),
                    "\(key): certified [\(lo), \(hi)] is wider than the Double evaluation \(values)")
            for finding in site.findings(point: values) where finding.kind == .saturation {
                let certified = try #require(finding.certifiedRange), stated = try #require(finding.pointRange)
                #expect(certified.lo >= stated.lo - slack(stated.lo) && certified.hi <= stated.hi + slack(stated.hi))
                let levels = try #require(finding.levels)
                #expect(stated.lo < levels.lo || stated.hi > levels.hi, "\(key): a saturation whose point values stay inside")
            }
        }
        // The bound at every layer and T is a number, and holds the sentence's own observed error;
        // the certificate's site bounds hold its residuals (over the kept tokens: the sentence is
        // padded, and padded neurons are neither bounded nor used).
        let spiking = try SpikingEncoder(reference: reference, calibration: calibration)
        let (run, residuals) = try spiking.runRecordingResiduals(sample.input, mask: sample.mask, steps: 8, checkpoints: [1, 8])
        let ann = try reference.forward(sample.input, mask: sample.mask)
        #expect(sample.keptTokens.count < sample.input.shape[0], "sentence.0 is no longer padded")
        let record = RecordedSample(sample: sample, ann: ann, means: run.meanOutputs, residuals: residuals)
        let certificate = try APrioriCertificate.certificate(
            result, record: record, point: reference, margin: .zero, bits: CentredAPriori.precision)
        for site in certificate.siteBounds {
            for step in site.steps {
                #expect(step.observed <= step.bound, "layer \(site.layer) \(site.site), T = \(step.T): |V|/T \(step.observed) > \(step.bound)")
            }
        }
        for T in [1, 8] {
            let bounds = try #require(result.bounds[T]), snn = try #require(run.meanOutputs[T])
            for l in ann.indices {
                let observed = try ErrorAttribution.maxMagnitude(snn[l] - ann[l], sample.keptTokens)
                #expect(bounds[l].isFinite && observed <= bounds[l] + 1e-9, "layer \(l), T = \(T): \(observed) > \(bounds[l])")
            }
        }
    }
}
