/// Which inputs a study runs on: tensors (`inputs`, default the model folder's
/// inputs.safetensors), or raw texts; and its tasks: similarity tasks (`pairs`) and
/// classification tasks (`labels`), each evaluated on its own. Paths as given.
public struct InputSelection: Sendable, Equatable {
    public var inputs: String?
    public var texts: String?
    /// Similarity tasks: text pairs with gold scores.
    public var pairs: [String]
    /// Classification tasks: texts with labels.
    public var labels: [String]
    /// The tokenizer's limit, [CLS] and [SEP] included (nil: the model's own).
    public var maxTokens: Int?
    /// Keep the first N primary inputs (the tasks always run whole).
    public var inputsLimit: Int?

    public init(
        inputs: String? = nil, texts: String? = nil, pairs: [String] = [], labels: [String] = [], maxTokens: Int? = nil,
        inputsLimit: Int? = nil
    ) {
        self.inputs = inputs
        self.texts = texts
        self.pairs = pairs
        self.labels = labels
        self.maxTokens = maxTokens
        self.inputsLimit = inputsLimit
    }
}
