import Bounds
import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

/// B-NET through centred forms (B-CF) on random tiny encoders (BERT, ViT, ViT with LayerScale;
/// erf, tanh and quick GELU; a padded input among them): at every point of the domain we try
/// (centre, two corners, an interior point), every layer and every T, the observed error is
/// within the bound over the kept tokens; every site's |V_k(T)|/T is within B_k(T) over the
/// kept tokens; every bucket's injected radius is at least B_k(t) over the bucket.
@Suite struct CentredAPrioriTests {
    /// Every violation for one encoder, margin and T grid (`APrioriBoundTests.violations`), with
    /// the site residuals compared over the kept tokens, which the analysis bounds.
    static func violations(
        _ encoder: TinyEncoderGen.Choice, marginIndex: Int, longT: Int, mutation: APrioriBound.Mutation? = nil, ledger: LedgerBox? = nil
    ) throws -> [String] {
        try APrioriBoundTests.violations(encoder, .ecmt, marginIndex: marginIndex, longT: longT, siteRows: \.keptTokens, ledger: ledger) {
            tiny, calibration, sample, margin, _, steps in
            try CentredAPriori.analyse(
                weights: tiny.weights, calibration: calibration, input: sample.input, margin: try Rational(exactly: margin),
                mask: sample.mask, steps: steps, mutation: mutation)
        }
    }

    @Test func observedErrorIsWithinTheCentredBound() {
        APrioriBoundTests.everyDomainIsWithinTheBound(theorem: "B-CF", cases: 10) { encoder, marginIndex, longT, box in
            try Self.violations(encoder, marginIndex: marginIndex, longT: longT, ledger: box)
        }
    }

    /// Each deliberate weakening of the analysis is caught on the first few encoders of a fixed
    /// stream: `nextStep` by an observed error above the weakened bound, `halveInjection` by the
    /// induction check.
    @Test(arguments: APrioriBound.Mutation.allCases)
    func mutantIsCaught(_ mutation: APrioriBound.Mutation) throws {
        var rng = Xoshiro(seed: (1, 2, 3, 4))
        var found = [String]()
        for _ in 0..<8 where found.isEmpty {
            let encoder = TinyEncoderGen.encoder.run(using: &rng)
            found = try Self.violations(encoder, marginIndex: 0, longT: 20, mutation: mutation)
        }
        #expect(!found.isEmpty, "the \(mutation.rawValue) mutant of the centred B-NET survived eight encoders")
    }

    /// Bad input gets an error, not a trap: T = 0, a negative margin, a shape mismatch.
    @Test func badInputIsRefused() throws {
        let tiny = try TinyEncoder(seed: 7, architecture: .bertPostLN, layerScale: false)
        let calibration = try tiny.calibration(.ecmt)
        let sample = tiny.samples[0]
        func analyse(_ input: Tensor<Double>, _ margin: Rational, _ steps: [Int]) throws {
            _ = try CentredAPriori.analyse(
                weights: tiny.weights, calibration: calibration, input: input, margin: margin, mask: nil, steps: steps)
        }
        #expect(throws: BoundError.self) { try analyse(sample.input, .zero, [0]) }
        #expect(throws: BoundError.self) { try analyse(sample.input, Rational(-1), [1]) }
        #expect(throws: BoundError.self) { try analyse(try Tensor(shape: [1, 3], values: [0, 0, 0]), .zero, [1]) }
    }
}
