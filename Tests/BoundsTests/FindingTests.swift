import Bounds
import ExactArithmetic
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

/// Findings are typed values that state only what was computed: a `saturation` at an encoder
/// site carries the ANN's values at the input from a point evaluation, and they pass the top
/// levels; where only the analysis's enclosure does, the kind is `analysisSaturation`.
@Suite struct FindingTests {
    @Test func siteSaturationIsTheModelsOnlyWhenThePointValuesPass() {
        let levels = ValueRange(lo: -2, hi: 3), certified = ValueRange(lo: -50, hi: 60)
        let model = BoundFinding.siteSaturation(
            layer: 4, site: "projection-input", certified: certified, levels: levels, point: ValueRange(lo: -1, hi: 3.5),
            of: "the ANN's values")
        #expect(model.kind == .saturation && model.layer == 4 && model.site == "projection-input")
        #expect(model.pointRange == ValueRange(lo: -1, hi: 3.5) && model.certifiedRange == certified && model.levels == levels)
        #expect(model.message.contains("[-1.0, 3.5]") && model.message.contains("past the top levels"))
        let below = BoundFinding.siteSaturation(
            layer: 0, site: "query", certified: certified, levels: levels, point: ValueRange(lo: -2.5, hi: 0), of: "the ANN's values")
        #expect(below.kind == .saturation)
        let analysis = BoundFinding.siteSaturation(
            layer: 4, site: "projection-input", certified: certified, levels: levels, point: ValueRange(lo: -1.68, hi: 1.96),
            of: "the ANN's values")
        #expect(analysis.kind == .analysisSaturation)
        #expect(analysis.message.contains("cannot exclude") && analysis.message.contains("not a fact about the model"))
        #expect(!analysis.message.contains("the ANN's values at the input reach"))
        let unevaluated = BoundFinding.siteSaturation(
            layer: 1, site: "fc1-input", certified: certified, levels: levels, point: nil, of: "the ANN's values")
        #expect(unevaluated.kind == .analysisSaturation && unevaluated.message.contains("were not evaluated"))
        #expect(model.description.hasPrefix("saturation at layer 4 projection-input: "))
    }

    /// On tiny encoders (BERT: the input itself feeds the qkv site, so scaling it up past the
    /// calibration makes some sites truly saturate; ViT normalises it first, so it runs unscaled)
    /// analysed with a margin (so enclosures pass levels the point values do not):
    /// every `saturation` states exactly the Double evaluation's range, which passes the levels;
    /// every `analysisSaturation` has point values inside; the counts match the kinds.
    @Test(arguments: [(UInt64(11), EncoderConfig.Architecture.bertPostLN, 64.0), (23, .vitPreLN, 1.0), (37, .bertPostLN, 1.0)])
    func saturationFindingsAgreeWithThePointEvaluation(seed: UInt64, architecture: EncoderConfig.Architecture, scale: Double) throws {
        let tiny = try TinyEncoder(seed: seed, architecture: architecture)
        let calibration = try tiny.calibration(.ecmt)
        let base = tiny.samples[0]
        let sample = try EncoderSample(name: "scaled", input: base.input.map { $0 * scale }, mask: base.mask)
        let spiking = try SpikingEncoder(reference: tiny.reference, calibration: calibration)
        let (run, residuals) = try spiking.runRecordingResiduals(sample.input, mask: sample.mask, steps: 4, checkpoints: [1, 4])
        let ann = try tiny.reference.forward(sample.input, mask: sample.mask)
        let record = RecordedSample(sample: sample, ann: ann, means: run.meanOutputs, residuals: residuals)
        let certificate = try APrioriCertificate.analyse(
            record, point: tiny.reference, calibration: calibration, margin: try Rational(exactly: 0.25))
        let points = try PointSiteRanges.evaluate(sample, reference: tiny.reference)
        var kinds = Set<BoundFinding.Kind>()
        for f in certificate.findings {
            kinds.insert(f.kind)
            let layer = try #require(f.layer), site = try #require(EncoderSite(rawValue: f.site))
            let point = try #require(points[SiteKey(layer: layer, site: site)])
            let levels = try #require(f.levels), certified = try #require(f.certifiedRange)
            #expect(f.pointRange == point, "\(f): its point range is not the Double evaluation \(point)")
            #expect(certified.lo <= point.lo && point.hi <= certified.hi, "\(f): the certified range misses the point values")
            let passes = point.lo < levels.lo || point.hi > levels.hi
            switch f.kind {
            case .saturation: #expect(passes, "\(f): a saturation whose point values stay inside")
            case .analysisSaturation: #expect(!passes, "\(f): the model saturates, but the finding calls it the analysis's")
            default: break
            }
        }
        func places(_ kind: BoundFinding.Kind) -> Int {
            Set(certificate.findings.filter { $0.kind == kind }.map { "\($0.layer ?? -1) \($0.site)" }).count
        }
        #expect(certificate.saturatedSites == places(.saturation) + places(.unrepresentable))
        #expect(certificate.analysisSaturatedSites == places(.analysisSaturation))
        if scale > 1 { #expect(kinds.contains(.saturation), "\(tiny): scaling the input ×\(scale) saturated no site") }
    }
}
