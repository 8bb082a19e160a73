import ExactArithmetic
import Foundation
import ReferenceTransformer
import Tensors

/// Loads encoder weights from a safetensors file with Hugging Face names (BERT, ViT, DINOv2),
/// or, through `VisionCheckpointLoader`, timm's and CLIP's.
/// A file that does not match the config is refused, naming the first missing or mis-shaped
/// tensor.
public enum EncoderLoader {
    /// The names of one block's tensors, without the model prefix: Hugging Face's, timm's or
    /// CLIP's (`VisionCheckpointLoader`).
    struct BlockNames {
        enum Attention {
            /// Three linear maps: NAME.weight [h, h] and NAME.bias [h] each.
            case separate(query: String, key: String, value: String)
            /// One map for q, k and v, stacked in that order: weight [3h, h], bias [3h] (timm's
            /// `attn.qkv`, CLIP's `attn.in_proj_weight` and `attn.in_proj_bias`).
            case fused(weight: String, bias: String)
        }

        let attention: Attention
        let attentionOutput, norm1, fc1, fc2, norm2: String
        let layerScale1, layerScale2: String?
    }

    static func names(_ config: EncoderConfig, layer: Int, dinov2: Bool) -> BlockNames {
        let base = "encoder.layer.\(layer)."
        switch config.architecture {
        case .bertPostLN:
            return BlockNames(
                attention: .separate(query: base + "attention.self.query", key: base + "attention.self.key", value: base + "attention.self.value"),
                attentionOutput: base + "attention.output.dense",
                norm1: base + "attention.output.LayerNorm", fc1: base + "intermediate.dense",
                fc2: base + "output.dense", norm2: base + "output.LayerNorm", layerScale1: nil, layerScale2: nil)
        case .vitPreLN where dinov2:
            return BlockNames(
                attention: .separate(
                    query: base + "attention.attention.query", key: base + "attention.attention.key",
                    value: base + "attention.attention.value"),
                attentionOutput: base + "attention.output.dense",
                norm1: base + "norm1", fc1: base + "mlp.fc1", fc2: base + "mlp.fc2", norm2: base + "norm2",
                layerScale1: base + "layer_scale1.lambda1", layerScale2: base + "layer_scale2.lambda1")
        case .vitPreLN:
            return BlockNames(
                attention: .separate(
                    query: base + "attention.attention.query", key: base + "attention.attention.key",
                    value: base + "attention.attention.value"),
                attentionOutput: base + "attention.output.dense",
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
        let modelPrefix = try prefix(tensors)
        return try load(tensors, config: config, prefix: { modelPrefix }, blockNames: { names(config, layer: $0, dinov2: config.layerScale) })
    }

    /// The encoder's layers under a name scheme: `prefix()` before every name, `blockNames(L)`
    /// for block L. A missing or mis-shaped tensor is refused, naming it.
    static func load(
        _ tensors: ModelTensors, config: EncoderConfig, prefix: () throws -> String, blockNames: (Int) -> BlockNames
    ) throws -> EncoderWeights<Double> {
        let prefix = try prefix()
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
            let n = blockNames(layer)
            let query, key, value: Linear<Double>
            switch n.attention {
            case .separate(let q, let k, let v):
                (query, key, value) = (try linear(q, out: h, in: h), try linear(k, out: h, in: h), try linear(v, out: h, in: h))
            case .fused(let weightName, let biasName):
                let w = try tensor(weightName, [3 * h, h]).values, b = try tensor(biasName, [3 * h]).values
                func part(_ k: Int) throws -> Linear<Double> {
                    try Linear(
                        weight: Tensor(shape: [h, h], values: Array(w[(k * h * h)..<((k + 1) * h * h)])),
                        bias: Tensor(vector: Array(b[(k * h)..<((k + 1) * h)])))
                }
                (query, key, value) = (try part(0), try part(1), try part(2))
            }
            return BlockWeights(
                query: query, key: key, value: value, attentionOutput: try linear(n.attentionOutput, out: h, in: h),
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
