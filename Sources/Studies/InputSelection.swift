/// Which inputs a study runs on: tensors (`inputs`, default the model folder's
/// inputs.safetensors), raw texts, or images; and its tasks: similarity tasks (`pairs`) and
/// classification tasks of texts (`labels`) or of images (`imageClasses`), each evaluated on
/// its own. Paths as given.
public struct InputSelection: Sendable, Equatable, Codable {
    public var inputs: String?
    public var texts: String?
    /// A folder of PNG and JPEG images (`ImageInputs`).
    public var images: String?
    /// Similarity tasks: text pairs with gold scores.
    public var pairs: [String]
    /// Classification tasks: texts with labels.
    public var labels: [String]
    /// Classification tasks of images: folders DIR/CLASS/IMAGE.
    public var imageClasses: [String]
    /// The tokenizer's limit, [CLS] and [SEP] included (nil: the model's own).
    public var maxTokens: Int?
    /// Images preprocessed to N × N instead of the checkpoint's size (nil: its own).
    public var imageSize: Int?
    /// Keep the first N primary inputs (the tasks always run whole).
    public var inputsLimit: Int?
    /// A linear head on the pooled embedding (`HeadFile`): its top-1 agreement, SNN against ANN,
    /// on the primary inputs.
    public var head: String?

    public init(
        inputs: String? = nil, texts: String? = nil, images: String? = nil, pairs: [String] = [], labels: [String] = [],
        imageClasses: [String] = [], maxTokens: Int? = nil, imageSize: Int? = nil, inputsLimit: Int? = nil, head: String? = nil
    ) {
        self.head = head
        self.imageSize = imageSize
        self.inputs = inputs
        self.texts = texts
        self.images = images
        self.imageClasses = imageClasses
        self.pairs = pairs
        self.labels = labels
        self.maxTokens = maxTokens
        self.inputsLimit = inputsLimit
    }
}

extension InputSelection {
    /// The options as names and values (paths as given): a report's settings record them, and
    /// a calibration file is checked against them.
    public var settings: [String: String] {
        var o = [String: String]()
        if let inputs { o["inputs"] = inputs }
        if let texts { o["texts"] = texts }
        if let images { o["images"] = images }
        if !pairs.isEmpty { o["pairs"] = pairs.joined(separator: ",") }
        if !labels.isEmpty { o["labels"] = labels.joined(separator: ",") }
        if !imageClasses.isEmpty { o["image-classes"] = imageClasses.joined(separator: ",") }
        if let maxTokens { o["max-tokens"] = "\(maxTokens)" }
        if let imageSize { o["image-size"] = "\(imageSize)" }
        if let inputsLimit { o["inputs-limit"] = "\(inputsLimit)" }
        if let head { o["head"] = head }
        return o
    }
}
