import Foundation
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// A checkpoint folder as Hugging Face, sentence-transformers, timm or open_clip ship it (or
/// OpenAI CLIP's weights as safetensors; `CheckpointFamily`): the encoder's weights, and, where
/// the folder has them, its embedding layer, its tokenizer and its pooling, or, for a vision
/// Transformer, its patch embeddings and image preprocessing. Text and images become encoder
/// input here, in Swift: tokens or pixels, then embeddings.
public struct Checkpoint: Sendable {
    /// The folder holding config.json and the weights.
    public let modelDirectory: URL
    public let weights: EncoderWeights<Double>
    /// nil when the weights hold no word embeddings.
    public let embeddings: TokenEmbeddings?
    /// nil when the folder has no vocab.txt.
    public let tokenizer: BertTokenizer?
    public let pooling: SentencePooling
    public let lowercaseInput: Bool
    /// BERT's sequence-classification head, when the weights have `classifier.weight` and the
    /// pooler (`BertForSequenceClassification`).
    public let classifierHead: SequenceClassifierHead?
    /// The files the weights were read from (model.safetensors, or the shards of its index).
    public let weightFiles: [String]
    public let family: CheckpointFamily
    /// Every file the checkpoint was read from: its configs and its weights (for provenance).
    public let files: [URL]
    /// A vision Transformer's patch embeddings, preprocessing and final norm; nil for text
    /// models and for encoder-only vision files.
    public private(set) var vision: VisionModel?

    /// Loads DIR; `maxTokens` overrides the sequence limit (default: sentence_bert_config.json's
    /// max_seq_length, else tokenizer_config.json's model_max_length where it is a real limit,
    /// else max_position_embeddings).
    public init(directory: URL, maxTokens: Int? = nil) throws {
        if directory.pathExtension.lowercased() == "onnx" {
            // An ONNX export of DINOv2: its tensors under Hugging Face's names.
            let (tensors, config) = try OnnxDINOv2.convert(try OnnxFile(contentsOf: directory))
            self.init(
                vision: .onnxDINOv2, directory: directory, weights: try EncoderLoader.load(tensors, config: config),
                model: try VisionCheckpointLoader.huggingFace(tensors, config: config, modelType: "dinov2", preprocessor: nil), files: [directory])
            return
        }
        let modules = try SentenceTransformerModules.read(directory: directory)
        let model = modules.transformerPath.isEmpty ? directory : directory.appendingPathComponent(modules.transformerPath)
        let family = try CheckpointFamily.detect(model)
        guard family == .huggingFace else {
            let weightsFile = model.appendingPathComponent(family.weightsFile)
            let tensors = try ModelTensors(files: [SafetensorsFile(contentsOf: weightsFile)])
            let config = family == .timm ? "config.json" : family == .openCLIP ? "open_clip_config.json" : nil
            let json = try config.map { try JSONFile.read(model.appendingPathComponent($0)) }
            let loaded = family == .timm
                ? try VisionCheckpointLoader.timm(tensors, config: json ?? .null)
                : try VisionCheckpointLoader.clip(tensors, openCLIP: json)
            self.init(
                vision: family, directory: model, weights: loaded.weights, model: loaded.vision,
                files: (config.map { [model.appendingPathComponent($0)] } ?? []) + [weightsFile])
            return
        }
        try self.init(huggingFace: model, modules: modules, maxTokens: maxTokens)
    }

    /// A Hugging Face or sentence-transformers folder: BERT with its embeddings, tokenizer and
    /// pooling, or a ViT/DINOv2 with its patch embeddings and preprocessing.
    private init(huggingFace model: URL, modules: SentenceTransformerModules, maxTokens: Int?) throws {
        family = .huggingFace
        modelDirectory = model
        let configJSON = try JSONFile.read(model.appendingPathComponent("config.json"))
        let config = try ModelConfigFile.parse(configJSON, source: "config.json")
        let tensors = try ModelTensors(directory: model)
        weights = try EncoderLoader.load(tensors, config: config)
        weightFiles = tensors.files.map(\.source)
        let preprocessorConfig = model.appendingPathComponent("preprocessor_config.json")
        files = [model.appendingPathComponent("config.json")]
            + (FileManager.default.fileExists(atPath: preprocessorConfig.path) ? [preprocessorConfig] : [])
            + weightFiles.map { model.appendingPathComponent($0) }
        classifierHead = try Self.classifierHead(tensors, config: configJSON, hidden: config.hiddenSize)
        lowercaseInput = modules.lowercaseInput
        embeddings = config.architecture == .bertPostLN
            ? try EmbeddingLoader.load(tensors, config: configJSON, hiddenSize: config.hiddenSize, epsilon: config.layerNormEpsilon.doubleValue())
            : nil
        vision = config.architecture == .vitPreLN
            ? try VisionCheckpointLoader.huggingFace(
                tensors, config: config, modelType: configJSON["model_type"]?.stringValue ?? "",
                preprocessor: try JSONFile.readIfPresent(model.appendingPathComponent("preprocessor_config.json")))
            : nil
        // A vision Transformer's features are its class token, unless sentence-transformers says otherwise.
        pooling = vision != nil && !modules.hasModulesFile ? .classToken(finalNorm: vision?.finalNorm) : modules.pooling
        let vocab = model.appendingPathComponent("vocab.txt")
        if FileManager.default.fileExists(atPath: vocab.path) {
            let positions = embeddings?.maxPositions ?? Int.max
            var limit = maxTokens ?? modules.maxSequenceLength
            if limit == nil, let r = try JSONFile.readIfPresent(model.appendingPathComponent("tokenizer_config.json"))?["model_max_length"]?.rationalValue,
                r.isInteger, let n = Int(r.description), n <= positions
            {
                limit = n
            }
            let chosen = limit ?? positions
            guard chosen <= positions else {
                let source = maxTokens != nil ? "--max-tokens" : "sentence_bert_config.json's max_seq_length"
                throw ModelError("\(source) \(chosen) exceeds the model's \(positions) positions")
            }
            tokenizer = try TokenizerLoader.load(directory: model, maxTokens: chosen == Int.max ? 512 : chosen)
        } else {
            tokenizer = nil
        }
    }

    static func classifierHead(_ tensors: ModelTensors, config: JSONValue, hidden: Int) throws -> SequenceClassifierHead? {
        guard let e = tensors.entry("classifier.weight") else { return nil }
        guard e.shape.count == 2 else { throw ModelError("\(tensors.source): tensor 'classifier.weight' must be a matrix, has shape \(e.shape)") }
        let classes = e.shape[0]
        let prefix = try EncoderLoader.prefix(tensors)
        func linear(_ name: String, out: Int, in inputs: Int) throws -> Linear<Double> {
            try Linear(weight: tensors.tensor(name + ".weight", [out, inputs], needed: "the classifier head needs"),
                bias: tensors.tensor(name + ".bias", [out], needed: "the classifier head needs"))
        }
        var labels = (0..<classes).map { "LABEL_\($0)" }
        if case .object(let members)? = config["id2label"] {
            for m in members {
                guard let i = Int(m.key), labels.indices.contains(i), let name = m.value.stringValue else {
                    throw ModelError("config.json: id2label.\(m.key) must map a class index below \(classes) to a name")
                }
                labels[i] = name
            }
        }
        do {
            return try SequenceClassifierHead(
                pooler: try linear(prefix + "pooler.dense", out: hidden, in: hidden), classifier: try linear("classifier", out: classes, in: hidden),
                labels: labels)
        } catch let error as OperatorError {
            throw ModelError("\(tensors.source): \(error)")
        }
    }

    /// A vision checkpoint of a family that has no text parts (timm, CLIP, ONNX DINOv2): its
    /// features are the class token after the final norm.
    private init(vision family: CheckpointFamily, directory: URL, weights: EncoderWeights<Double>, model: VisionModel?, files: [URL]) {
        self.family = family
        modelDirectory = directory
        self.weights = weights
        vision = model
        self.files = files
        weightFiles = files.filter { !$0.lastPathComponent.hasSuffix(".json") }.map(\.lastPathComponent)
        (embeddings, tokenizer, classifierHead) = (nil, nil, nil)
        pooling = .classToken(finalNorm: model?.finalNorm)
        lowercaseInput = false
    }

    /// The same checkpoint with its images preprocessed to n × n (`VisionModel.imageSize`).
    public func withImageSize(_ n: Int) throws -> Checkpoint {
        guard let vision else { throw ModelError("--image-size: \(modelDirectory.path) is not a vision checkpoint") }
        var copy = self
        copy.vision = try vision.imageSize(n)
        return copy
    }

    /// The encoder input of one image file (PNG or JPEG), through the checkpoint's preprocessing
    /// and patch embeddings.
    public func sample(image url: URL, name: String) throws -> EncoderSample {
        guard let vision else {
            throw ModelError("\(modelDirectory.path): not a vision checkpoint with patch embeddings: image inputs need one")
        }
        let image = try ImageDecoder.decode(contentsOf: url)
        do {
            return try EncoderSample(name: name, input: try vision.embed(image, name: url.lastPathComponent), mask: nil)
        } catch let error as OperatorError {
            throw ModelError("\(name): \(error)")
        }
    }

    /// The encoder input of one text: its tokens' embeddings (no padding: every token counts).
    public func sample(_ text: String, name: String) throws -> EncoderSample {
        guard let tokenizer else {
            throw ModelError("\(modelDirectory.path) has no vocab.txt: text inputs need the checkpoint's tokenizer")
        }
        guard let embeddings else {
            throw ModelError("\(modelDirectory.path): the weights have no embeddings.word_embeddings.weight: text inputs need the embedding layer")
        }
        let ids = tokenizer.encode(lowercaseInput ? text.lowercased() : text)
        for id in ids where !embeddings.hasRow(id) {
            throw ModelError("\(name): token '\(tokenizer.wordPiece.vocabulary.tokens[id])' (id \(id)) has no row in this checkpoint's restricted word-embedding table")
        }
        do {
            return try EncoderSample(name: name, input: try embeddings.embed(ids), mask: nil)
        } catch let error as OperatorError {
            throw ModelError("\(name): \(error)")
        }
    }
}
