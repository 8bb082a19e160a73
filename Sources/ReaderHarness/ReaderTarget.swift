/// The readers that take files from elsewhere, each fed raw bytes by a libFuzzer target
/// (Fuzz/, `scripts/fuzz TARGET SECONDS`) and by `RegressionReplayTests`, which replays
/// Tests/Regressions/TARGET/ in CI. The raw value is the target's name in both places.
public enum ReaderTarget: String, CaseIterable, Sendable {
    /// The exact JSON parser (numbers kept as text): a parsed document renders and reads back equal.
    case json
    /// `Rational(parsing:)`: a parsed value prints and reads back equal.
    case rational
    /// The safetensors reader, then every tensor it lists read.
    case safetensors
    /// The PNG and JPEG decoders, then a resampling of what they decode.
    case images
    /// The ONNX reader, every initializer read, and the DINOv2 mapping.
    case onnx
    /// Group-operator files as `--group-operators FILE` reads them.
    case groupOperator = "group-operator"
    /// config.json, then the Hugging Face name mapping against Fixtures/tiny-bert's weights.
    case config
    /// report.json as `spikebound check` reads it, its Markdown verdict, and tolerance configs.
    case report
    /// A report as `check --baseline` reads it, compared both ways with the golden tiny report.
    case baseline
    /// The `simulate` spec, run.
    case spec
    /// `--texts`, `--pairs` and `--labels` files (the first byte chooses), every text through
    /// MiniLM's tokenizer: [CLS] first, [SEP] last, ids in the vocabulary, within the limit.
    case texts
}
