/// Which inputs a study runs on: tensors (`inputs`, default the model folder's
/// inputs.safetensors), or raw texts; and a similarity task (`pairs`). Paths as given.
public struct InputSelection: Sendable, Equatable {
    public var inputs: String?
    public var texts: String?
    public var pairs: String?
    /// A classification task: texts with labels.
    public var labels: String?
    /// The tokenizer's limit, [CLS] and [SEP] included (nil: the model's own).
    public var maxTokens: Int?
    /// Keep the first N primary inputs (the task always runs whole).
    public var inputsLimit: Int?

    public init(
        inputs: String? = nil, texts: String? = nil, pairs: String? = nil, labels: String? = nil, maxTokens: Int? = nil, inputsLimit: Int? = nil
    ) {
        self.inputs = inputs
        self.texts = texts
        self.pairs = pairs
        self.labels = labels
        self.maxTokens = maxTokens
        self.inputsLimit = inputsLimit
    }
}
