/// A named place inside an encoder block where an activation can be observed. The first eight
/// (in spec §6's order) are where a spiking pipeline places its neurons; the others are the
/// inputs of the non-linear row and element functions.
public enum EncoderSite: String, Sendable, CaseIterable, Codable {
    /// 1. the input of the q, k, v projections;
    case qkvInput = "qkv-input"
    /// 2.–4. q, k and v after the split (all heads side by side);
    case query, key, value
    /// 5. the softmax output (all heads side by side, [tokens, heads·tokens]);
    case attentionProbabilities = "attention-probabilities"
    /// 6. the input of the output projection (the heads' outputs side by side);
    case projectionInput = "projection-input"
    /// 7. the input of fc1;
    case fc1Input = "fc1-input"
    /// 8. the input of fc2 (the GELU output).
    case fc2Input = "fc2-input"
    /// The scaled attention scores, the softmax input ([tokens, heads·tokens]).
    case attentionScores = "attention-scores"
    /// The GELU input (fc1's output).
    case geluInput = "gelu-input"
    /// The inputs of the block's first and second LayerNorm.
    case norm1Input = "norm1-input"
    case norm2Input = "norm2-input"
    /// The block's output.
    case output
    /// The normalised values of the block's first and second LayerNorm before γ and β: where the
    /// public STA structure places its LayerNorm output encoders (SpikeLN).
    case norm1Output = "norm1-output"
    case norm2Output = "norm2-output"

    /// The eight neuron sites of spec §6, in order.
    public static let neuronSites: [EncoderSite] = [
        .qkvInput, .query, .key, .value, .attentionProbabilities, .projectionInput, .fc1Input, .fc2Input,
    ]
}
