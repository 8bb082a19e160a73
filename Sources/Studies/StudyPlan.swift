import ExactArithmetic
import Bounds
import SpikingPipelines

/// What one pipeline's study computes, beside the conversion error per layer and T that every
/// study measures: the a posteriori certificates (B-INJ) of every input and the attribution
/// (B-ATTR) of the first `attribute`, the certified error (B-CERT) of the first `certify`, and
/// the a priori bound (B-NET or B-STA) over the first `aPriori` inputs' domains, each input ±
/// `margin` per entry (with the worst error over `domainPoints` points of each domain when the
/// margin is positive).
public struct StudyPlan: Sendable {
    public var configuration: PipelineConfiguration
    /// The T grid; one run to its largest T per input (the prefix property).
    public var steps: [Int]
    /// B-INJ for every input. Without it, and with no certify or a priori input, the inputs run
    /// without recording residuals.
    public var certificates: Bool
    public var attribute: Int
    public var certify: Int
    public var aPriori: Int
    public var margin: Rational
    /// The precision of interval runs (STA's a priori analysis where its centred forms overflow).
    public var bits: Int
    public var domainPoints: Int

    public init(
        configuration: PipelineConfiguration, steps: [Int], certificates: Bool = true, attribute: Int = 1, certify: Int = 0,
        aPriori: Int = 0, margin: Rational = .zero, bits: Int = 64, domainPoints: Int = DomainSampling.defaultPoints
    ) {
        self.configuration = configuration
        self.steps = steps
        self.certificates = certificates
        self.attribute = attribute
        self.certify = certify
        self.aPriori = aPriori
        self.margin = margin
        self.bits = bits
        self.domainPoints = domainPoints
    }

    /// Whether the inputs' runs record what an analysis needs.
    var records: Bool { certificates || certify > 0 || aPriori > 0 }
}
