import ReferenceTransformer

/// What one sample's run contributes to a study: its error accumulators per T and layer, its
/// pooled and first-token embeddings (ANN and SNN at each T), its synaptic operations and
/// spikes. A `ConversionResult` is made from the outcomes of all samples, in the samples' order;
/// a shard of a study (`--shard`) writes its samples' outcomes and `spikebound merge` makes the
/// result from all of them, the same sums in the same order.
public struct SampleOutcome: Sendable, Codable {
    /// Per T, one accumulator per layer.
    let errors: [Int: [ErrorAccumulator]]
    let annEmbedding: [Double]
    let snnEmbeddings: [Int: [Double]]
    let annFirstToken: [Double]
    let snnFirstToken: [Int: [Double]]
    let synapticOperations: [Int: Int]
    /// Per layer and site, the spikes of each step.
    let spikes: [[EncoderSite: [Int]]]
    let elements: [[EncoderSite: Int]]
    let tokens: Int
}
