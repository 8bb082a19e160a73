import Bounds
import SpikingPipelines

/// One input's part of one pipeline's study: what its run measured and what was proved about
/// it. A shard (`--shard`) writes its inputs' records; `spikebound merge` (and an unsharded
/// report, the same way) combines every input's record into the study's result, in input
/// order (`StudyRecords.assemble`).
public struct InputRecord: Sendable, Codable {
    /// The input's position among the study's inputs.
    public let index: Int
    public let sample: String
    /// Its errors per layer and T, embeddings (the task metrics' raw values), spikes.
    public let outcome: SampleOutcome
    /// B-INJ (and B-ATTR when it is among the attributed inputs), when the plan asks for it.
    public let certificate: SampleCertificate?
    /// B-CERT, when it is among the certified inputs.
    public let certified: CertifiedSample?
    /// B-NET or B-STA over its domain, when it is among the a priori inputs.
    public let aPriori: APrioriCertificate?

    public init(
        index: Int, sample: String, outcome: SampleOutcome, certificate: SampleCertificate?, certified: CertifiedSample?,
        aPriori: APrioriCertificate?
    ) {
        self.index = index
        self.sample = sample
        self.outcome = outcome
        self.certificate = certificate
        self.certified = certified
        self.aPriori = aPriori
    }
}
