import Foundation
import ReferenceTransformer

/// A sentence-transformers folder's modules.json: the Transformer module's folder, the
/// pooling of its Pooling module (1_Pooling/config.json) and whether a Normalize module
/// follows. Without modules.json: the folder itself, mean pooling, normalised.
public struct SentenceTransformerModules: Sendable, Equatable {
    /// The folder holding config.json and the weights ("" for the folder itself).
    public let transformerPath: String
    /// Whether the folder has a modules.json (false: the defaults above).
    public var hasModulesFile = true
    public let pooling: SentencePooling
    /// sentence_bert_config.json's max_seq_length, if given.
    public let maxSequenceLength: Int?
    /// sentence_bert_config.json's do_lower_case: lower-case the text before tokenising.
    public let lowercaseInput: Bool

    public static func read(directory: URL) throws -> SentenceTransformerModules {
        let bert = try JSONFile.readIfPresent(directory.appendingPathComponent("sentence_bert_config.json"))
        var maxLength: Int?
        if let r = bert?["max_seq_length"]?.rationalValue {
            guard r.isInteger, let n = Int(r.description), n >= 2 else {
                throw ModelError("sentence_bert_config.json: max_seq_length must be an integer ≥ 2")
            }
            maxLength = n
        }
        let lowercase = bert?["do_lower_case"]?.boolValue ?? false
        guard let json = try JSONFile.readIfPresent(directory.appendingPathComponent("modules.json")) else {
            var defaults = SentenceTransformerModules(transformerPath: "", pooling: .meanNormalized, maxSequenceLength: maxLength, lowercaseInput: lowercase)
            defaults.hasModulesFile = false
            return defaults
        }
        guard let modules = json.arrayValue else { throw ModelError("modules.json: expected an array of modules") }
        var transformer: String?, pooling: SentencePooling?, normalize = false
        for (k, module) in modules.enumerated() {
            guard let type = module["type"]?.stringValue else { throw ModelError("modules.json: module \(k) has no \"type\"") }
            let path = module["path"]?.stringValue ?? ""
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                throw ModelError("modules.json: module \(k)'s path '\(path)' leaves the folder")
            }
            switch type.split(separator: ".").last.map(String.init) ?? type {
            case "Transformer":
                guard transformer == nil else { throw ModelError("modules.json: more than one Transformer module") }
                transformer = path
            case "Pooling":
                pooling = try poolingMode(JSONFile.read(directory.appendingPathComponent(path).appendingPathComponent("config.json")), path)
            case "Normalize":
                normalize = true
            default:
                throw ModelError("modules.json: module \(k) (\(type)) is not supported (Transformer, Pooling, Normalize)")
            }
        }
        guard let transformer else { throw ModelError("modules.json: no Transformer module") }
        var p = pooling ?? SentencePooling(mode: .mean, normalize: false)
        p.normalize = normalize
        return SentenceTransformerModules(transformerPath: transformer, pooling: p, maxSequenceLength: maxLength, lowercaseInput: lowercase)
    }

    static func poolingMode(_ json: JSONValue, _ path: String) throws -> SentencePooling {
        let source = path.isEmpty ? "config.json" : path + "/config.json"
        let modes: [(String, SentencePooling.Mode)] = [
            ("pooling_mode_cls_token", .cls), ("pooling_mode_mean_tokens", .mean), ("pooling_mode_max_tokens", .max),
            ("pooling_mode_mean_sqrt_len_tokens", .meanSqrtLength),
        ]
        if let mode = json["pooling_mode"]?.stringValue {
            let names: [String: SentencePooling.Mode] = ["cls": .cls, "mean": .mean, "max": .max, "mean_sqrt_len_tokens": .meanSqrtLength]
            guard let m = names[mode] else { throw ModelError("\(source): pooling_mode \"\(mode)\" is not supported (cls, mean, max, mean_sqrt_len_tokens)") }
            return SentencePooling(mode: m, normalize: false)
        }
        let on = modes.filter { json[$0.0]?.boolValue == true }
        for key in ["pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"] where json[key]?.boolValue == true {
            throw ModelError("\(source): \(key) is not supported (cls, mean, max, mean_sqrt_len_tokens)")
        }
        guard on.count == 1 else {
            throw ModelError("\(source): exactly one pooling mode must be on, got \(on.isEmpty ? "none" : on.map(\.0).joined(separator: ", "))")
        }
        return SentencePooling(mode: on[0].1, normalize: false)
    }
}
