import Diagnostics
import ExactArithmetic
import Foundation
import ReferenceTransformer
import Tensors

/// Reads a Hugging Face style config.json into an `EncoderConfig`: BERT (post-LN) and ViT or
/// DINOv2 (pre-LN, LayerScale for DINOv2).
public enum ModelConfigFile {
    public static func read(_ url: URL) throws -> EncoderConfig {
        let data = try InputFile.read(url)
        let json: JSONValue
        do { json = try JSONParser.parse(bytes: Array(data)) } catch let error as JSONError {
            throw ModelError("\(url.lastPathComponent): \(error)")
        }
        return try parse(json, source: url.lastPathComponent)
    }

    public static func parse(_ json: JSONValue, source: String) throws -> EncoderConfig {
        func int(_ key: String) throws -> Int {
            guard let r = json[key]?.rationalValue, r.isInteger, let n = Int(r.description), n > 0 else {
                throw ModelError("\(source): \"\(key)\" must be a positive integer")
            }
            return n
        }
        guard let type = json["model_type"]?.stringValue else { throw ModelError("\(source): no \"model_type\"") }
        let architecture: EncoderConfig.Architecture
        switch type {
        case "bert": architecture = .bertPostLN
        case "vit", "dinov2": architecture = .vitPreLN
        default: throw ModelError("\(source): model_type \"\(type)\" is not supported (bert, vit, dinov2)")
        }
        let hidden = try int("hidden_size")
        let intermediate: Int
        if json["intermediate_size"] != nil {
            intermediate = try int("intermediate_size")
        } else if let ratio = json["mlp_ratio"]?.rationalValue, ratio.sign > 0,
            (ratio * Rational(hidden)).isInteger, let n = Int((ratio * Rational(hidden)).description)
        {
            intermediate = n
        } else {
            throw ModelError("\(source): neither \"intermediate_size\" nor a usable \"mlp_ratio\"")
        }
        let actName = json["hidden_act"]?.stringValue ?? "gelu"
        let activation: ScalarFunction
        switch actName {
        case "gelu": activation = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": activation = .geluTanh
        case "quick_gelu": activation = .quickGelu
        default: throw ModelError("\(source): hidden_act \"\(actName)\" is not supported (gelu, gelu_new, gelu_pytorch_tanh, quick_gelu)")
        }
        guard let epsilon = (json["layer_norm_eps"] ?? .number("1e-12")).rationalValue, epsilon.sign >= 0 else {
            throw ModelError("\(source): \"layer_norm_eps\" must be a non-negative number")
        }
        do {
            return try EncoderConfig(
                architecture: architecture, hiddenSize: hidden, layers: try int("num_hidden_layers"),
                heads: try int("num_attention_heads"), intermediateSize: intermediate, activation: activation,
                layerNormEpsilon: epsilon, layerScale: type == "dinov2")
        } catch let error as OperatorError {
            throw ModelError("\(source): \(error)")
        }
    }
}
