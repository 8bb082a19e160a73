import ExactArithmetic
import Foundation
import ReferenceTransformer
import Tensors

/// Loads encoder weights from a safetensors file with Hugging Face names (BERT, ViT, DINOv2).
/// A file that does not match the config is refused, naming the first missing or mis-shaped
/// tensor.
public enum EncoderLoader {
    /// The Hugging Face names of one block's tensors, without the model prefix.
    struct BlockNames {
        let query, key, value, attentionOutput, norm1, fc1, fc2, norm2: String
        let layerScale1, layerScale2: String?
    }

    static func names(_ config: EncoderConfig, layer: Int, dinov2: Bool) -> BlockNames {
        let base = "encoder.layer.\(layer)."
        switch config.architecture {
        case .bertPostLN:
            return BlockNames(
                query: base + "attention.self.query", key: base + "attention.self.key",
                value: base + "attention.self.value", attentionOutput: base + "attention.output.dense",
                norm1: base + "attention.output.LayerNorm", fc1: base + "intermediate.dense",
                fc2: base + "output.dense", norm2: base + "output.LayerNorm", layerScale1: nil, layerScale2: nil)
        case .vitPreLN where dinov2:
            return BlockNames(
                query: base + "attention.attention.query", key: base + "attention.attention.key",
                value: base + "attention.attention.value", attentionOutput: base + "attention.output.dense",
                norm1: base + "norm1", fc1: base + "mlp.fc1", fc2: base + "mlp.fc2", norm2: base + "norm2",
                layerScale1: base + "layer_scale1.lambda1", layerScale2: base + "layer_scale2.lambda1")
        case .vitPreLN:
            return BlockNames(
                query: base + "attention.attention.query", key: base + "attention.attention.key",
                value: base + "attention.attention.value", attentionOutput: base + "attention.output.dense",
                norm1: base + "layernorm_before", fc1: base + "intermediate.dense", fc2: base + "output.dense",
                norm2: base + "layernorm_after", layerScale1: nil, layerScale2: nil)
        }
    }

    /// The prefix the file uses before "encoder.layer." ("", "bert.", "vit." or "dinov2.").
    static func prefix(_ tensors: ModelTensors) throws -> String {
        let names = tensors.names
        for candidate in ["", "bert.", "vit.", "dinov2.", "model."]
        where names.contains(where: { $0.hasPrefix(candidate + "encoder.layer.") }) {
            return candidate
        }
        throw ModelError("\(tensors.source): no tensor named encoder.layer.* (not a BERT/ViT layout?)")
    }

    public static func load(_ file: SafetensorsFile, config: EncoderConfig) throws -> EncoderWeights<Double> {
        try load(ModelTensors(files: [file]), config: config)
    }

    /// The encoder's layers; tensors the encoder does not use (embeddings, pooler, buffers such
    /// as position_ids) are left unread.
    public static func load(_ tensors: ModelTensors, config: EncoderConfig) throws -> EncoderWeights<Double> {
        let prefix = try prefix(tensors)
        let dinov2 = config.layerScale
        func tensor(_ name: String, _ shape: [Int]) throws -> Tensor<Double> {
            try tensors.tensor(prefix + name, shape)
        }
        func linear(_ name: String, out: Int, in inputs: Int) throws -> Linear<Double> {
            try Linear(weight: tensor(name + ".weight", [out, inputs]), bias: tensor(name + ".bias", [out]))
        }
        func norm(_ name: String) throws -> LayerNormWeights<Double> {
            let n = config.hiddenSize
            return try LayerNormWeights(
                gamma: tensor(name + ".weight", [n]).values.map { try Rational(exactly: $0) },
                beta: tensor(name + ".bias", [n]).values.map { try Rational(exactly: $0) })
        }
        let h = config.hiddenSize, m = config.intermediateSize
        let blocks = try (0..<config.layers).map { layer -> BlockWeights<Double> in
            let n = names(config, layer: layer, dinov2: dinov2)
            return BlockWeights(
                query: try linear(n.query, out: h, in: h), key: try linear(n.key, out: h, in: h),
                value: try linear(n.value, out: h, in: h), attentionOutput: try linear(n.attentionOutput, out: h, in: h),
                norm1: try norm(n.norm1), fc1: try linear(n.fc1, out: m, in: h), fc2: try linear(n.fc2, out: h, in: m),
                norm2: try norm(n.norm2),
                layerScale1: try n.layerScale1.map { try tensor($0, [h]) },
                layerScale2: try n.layerScale2.map { try tensor($0, [h]) })
        }
        do { return try EncoderWeights(config: config, blocks: blocks) } catch let error as OperatorError {
            throw ModelError("\(tensors.source): \(error)")
        }
    }

    /// A model folder: config.json and model.safetensors (or a sharded checkpoint).
    public static func load(directory: URL) throws -> EncoderWeights<Double> {
        let config = try ModelConfigFile.read(directory.appendingPathComponent("config.json"))
        return try load(ModelTensors(directory: directory), config: config)
    }
}
