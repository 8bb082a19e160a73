import Foundation

/// The checkpoint layouts SpikeBound reads, told apart by the files of the folder and the names
/// of their tensors (docs/checkpoints.md lists each family's names):
///
/// - `huggingFace`: config.json with a `model_type` (bert, vit, dinov2) and Hugging Face names;
/// - `timm`: config.json with timm's `architecture` (and `pretrained_cfg`), timm's ViT names
///   (`blocks.N.attn.qkv`, `blocks.N.mlp.fc1`, `norm`, `head`);
/// - `openCLIP`: open_clip_config.json beside the weights (open_clip's own layout; OpenAI's CLIP
///   weights are shipped in it too, with `quick_gelu`);
/// - `openAICLIP`: no config, the weights of OpenAI's CLIP state dict (`visual.conv1`,
///   `visual.transformer.resblocks.N.attn.in_proj_weight`, …), QuickGELU;
/// - `onnxDINOv2`: an .onnx file (not a folder) holding an export of a DINOv2 model.
public enum CheckpointFamily: String, Sendable, CaseIterable {
    case huggingFace = "hugging-face"
    case timm
    case openCLIP = "open-clip"
    case openAICLIP = "openai-clip"
    /// An ONNX file: PyTorch's export of Hugging Face's Dinov2Model (`OnnxDINOv2`).
    case onnxDINOv2 = "onnx-dinov2"

    /// The family of the folder DIR; an error names what is missing.
    public static func detect(_ directory: URL) throws -> CheckpointFamily {
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) }
        if exists("open_clip_config.json") { return .openCLIP }
        if let config = try JSONFile.readIfPresent(directory.appendingPathComponent("config.json")) {
            if config["model_type"] != nil { return .huggingFace }
            if config["architecture"] != nil { return .timm }
            throw ModelError("config.json: neither \"model_type\" (Hugging Face) nor \"architecture\" (timm)")
        }
        for file in ["model.safetensors", "open_clip_model.safetensors"] where exists(file) {
            let tensors = try SafetensorsFile(contentsOf: directory.appendingPathComponent(file))
            if tensors.entries.contains(where: { $0.name == "visual.conv1.weight" }) { return .openAICLIP }
            throw ModelError("\(directory.path) has \(file) but no config.json (only OpenAI CLIP weights, with visual.conv1.weight, need none)")
        }
        throw ModelError("\(directory.path) has no config.json, open_clip_config.json or model.safetensors: not a checkpoint folder")
    }

    /// The file of the weights, when the family has its own name for it.
    var weightsFile: String {
        self == .openCLIP ? "open_clip_model.safetensors" : "model.safetensors"
    }
}
