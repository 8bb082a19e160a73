import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

/// B-STA through centred forms (B-CF-STA) on random tiny encoders (BERT, ViT, ViT with
/// LayerScale; interpolant group operators; a padded input among them): at every point of the
/// domain we try (centre, two corners, an interior point), every layer and every T, the STA
/// pipeline's observed error is within the bound over the kept tokens.
@Suite struct STACentredAPrioriTests {
    static func violations(
        _ encoder: TinyEncoderGen.Choice, marginIndex: Int, longT: Int, mutation: APrioriBound.Mutation? = nil, ledger: LedgerBox? = nil
    ) throws -> [String] {
        try APrioriBoundTests.violations(encoder, .sta, marginIndex: marginIndex, longT: longT, siteRows: \.keptTokens, ledger: ledger) {
            tiny, calibration, sample, margin, _, steps in
            try STACentredAPriori.analyse(
                weights: tiny.weights, calibration: calibration, input: sample.input, margin: try Rational(exactly: margin),
                mask: sample.mask, steps: steps, mutation: mutation)
        }
    }

    @Test func observedErrorIsWithinTheCentredSTABound() {
        APrioriBoundTests.everyDomainIsWithinTheBound(theorem: "B-CF-STA", cases: 8) { encoder, marginIndex, longT, box in
            try Self.violations(encoder, marginIndex: marginIndex, longT: longT, ledger: box)
        }
    }

    /// Bad input gets an error, not a trap: T = 0, a negative margin, a shape mismatch, an ECMT calibration.
    @Test func badInputIsRefused() throws {
        let tiny = try TinyEncoder(seed: 7, architecture: .bertPostLN, layerScale: false)
        let calibration = try tiny.calibration(.sta)
        let sample = tiny.samples[0]
        func analyse(_ input: Tensor<Double>, _ margin: Rational, _ steps: [Int], _ c: PipelineCalibration? = nil) throws {
            _ = try STACentredAPriori.analyse(
                weights: tiny.weights, calibration: c ?? calibration, input: input, margin: margin, mask: nil, steps: steps)
        }
        #expect(throws: BoundError.self) { try analyse(sample.input, .zero, [0]) }
        #expect(throws: BoundError.self) { try analyse(sample.input, Rational(-1), [1]) }
        #expect(throws: BoundError.self) { try analyse(try Tensor(shape: [1, 3], values: [0, 0, 0]), .zero, [1]) }
        #expect(throws: BoundError.self) { try analyse(sample.input, .zero, [1], try tiny.calibration(.ecmt)) }
    }
}
