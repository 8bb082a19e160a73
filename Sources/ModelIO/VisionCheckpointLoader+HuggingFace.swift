import ExactArithmetic
import Foundation
import ReferenceTransformer
import Tensors

extension VisionCheckpointLoader {
    /// The vision parts of a Hugging Face ViT or DINOv2 folder: `embeddings.cls_token`,
    /// `embeddings.position_embeddings`, `embeddings.patch_embeddings.projection` and
    /// `layernorm` (with the model's prefix, "vit." or "dinov2."), and preprocessor_config.json.
    /// nil when the weights have no patch embeddings (an encoder-only file, whose inputs are
    /// tensors).
    public static func huggingFace(
        _ tensors: ModelTensors, config: EncoderConfig, modelType: String, preprocessor: JSONValue?
    ) throws -> VisionModel? {
        let prefix = try EncoderLoader.prefix(tensors)
        let projectionName = prefix + "embeddings.patch_embeddings.projection.weight"
        guard tensors.entry(projectionName) != nil else { return nil }
        try refuse(tensors, containing: [("register_tokens", "register tokens")])
        let h = config.hiddenSize, eps = config.layerNormEpsilon.doubleValue()
        let (projection, patch) = try projection(tensors, projectionName, hidden: h)
        let embeddings = try wrap(tensors.source) {
            try PatchEmbeddings(
                projection: projection, bias: try vector(tensors, prefix + "embeddings.patch_embeddings.projection.bias", h),
                classToken: try vector(tensors, prefix + "embeddings.cls_token", h),
                positions: try positions(tensors, prefix + "embeddings.position_embeddings", hidden: h), patchSize: patch,
                interpolatesPositions: modelType == "dinov2")
        }
        return VisionModel(
            family: .huggingFace, embeddings: embeddings,
            preprocessing: try huggingFacePreprocessing(preprocessor, modelType: modelType),
            finalNorm: tensors.entry(prefix + "layernorm.weight") != nil ? try norm(tensors, prefix + "layernorm", h, epsilon: eps) : nil)
    }

    /// A Hugging Face image processor's settings (ViTImageProcessor, BitImageProcessor for
    /// DINOv2), with that processor's defaults for what preprocessor_config.json lacks (or for
    /// a folder without one): ViT 224 × 224 bilinear, mean and std 0.5; DINOv2 shortest edge 256
    /// bicubic, centre crop 224, ImageNet's mean and std.
    static func huggingFacePreprocessing(_ cfg: JSONValue?, modelType: String) throws -> ImagePreprocessing {
        let what = "preprocessor_config.json"
        let dinov2 = modelType == "dinov2"
        func flag(_ key: String, _ fallback: Bool) throws -> Bool {
            guard let v = cfg?[key] else { return fallback }
            guard let b = v.boolValue else { throw ModelError("\(what): \"\(key)\" must be true or false") }
            return b
        }
        func size(_ key: String) throws -> (shortest: Int?, width: Int?, height: Int?)? {
            guard let v = cfg?[key] else { return nil }
            if case .number = v { return (try int(v, "\(what): \"\(key)\""), nil, nil) }
            return (
                try int(v["shortest_edge"], "\(what): \(key).shortest_edge"), try int(v["width"], "\(what): \(key).width"),
                try int(v["height"], "\(what): \(key).height")
            )
        }
        var resize: ImagePreprocessing.Resize? = dinov2 ? .shortestEdge(256) : .exact(width: 224, height: 224)
        if let s = try size("size") {
            if let n = s.shortest {
                resize = .shortestEdge(n)
            } else if let w = s.width, let h = s.height {
                resize = .exact(width: w, height: h)
            } else {
                throw ModelError("\(what): \"size\" needs shortest_edge, or height and width")
            }
        }
        if try !flag("do_resize", true) { resize = nil }
        var crop: (width: Int, height: Int)? = dinov2 ? (224, 224) : nil
        if let s = try size("crop_size") {
            guard let w = s.width ?? s.shortest, let h = s.height ?? s.shortest else { throw ModelError("\(what): \"crop_size\" needs height and width") }
            crop = (w, h)
        }
        if try !flag("do_center_crop", dinov2) { crop = nil }
        var filter: ImageResampling.Filter = dinov2 ? .bicubic : .bilinear
        if let r = cfg?["resample"] {
            guard let n = try int(r, "\(what): \"resample\""), let f = ImageResampling.Filter(rawValue: n) else {
                throw ModelError("\(what): \"resample\" must be a Pillow filter number (1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming)")
            }
            filter = f
        }
        var rescale = 1.0 / 255
        if let r = cfg?["rescale_factor"]?.rationalValue { rescale = r.doubleValue() }
        if try !flag("do_rescale", true) { rescale = 1 }
        var mean = dinov2 ? ImagePreprocessing.imageNetMean : [0.5, 0.5, 0.5]
        var std = dinov2 ? ImagePreprocessing.imageNetStd : [0.5, 0.5, 0.5]
        if let m = try doubles(cfg?["image_mean"], "\(what): \"image_mean\"") { mean = m }
        if let s = try doubles(cfg?["image_std"], "\(what): \"image_std\"") { std = s }
        if try !flag("do_normalize", true) { (mean, std) = ([0, 0, 0], [1, 1, 1]) }
        return try ImagePreprocessing(resize: resize, filter: filter, crop: crop, rescale: rescale, mean: mean, std: std, arithmetic: .huggingFace)
    }
}
