import ExactArithmetic
import Foundation
import ReferenceTransformer
import Tensors

extension VisionCheckpointLoader {
    /// CLIP's visual tower, in OpenAI's names (which open_clip keeps): `visual.conv1` (no bias),
    /// `visual.class_embedding`, `visual.positional_embedding`, `visual.ln_pre`,
    /// `visual.transformer.resblocks.N.{ln_1, attn.in_proj_weight, attn.in_proj_bias,
    /// attn.out_proj, ls_1.gamma, ln_2, mlp.c_fc, mlp.c_proj, ls_2.gamma}`, `visual.ln_post`.
    /// The text tower's tensors are left unread.
    ///
    /// - OpenAI (`openCLIP` nil): QuickGELU, 64-wide heads, the image size that fills the
    ///   position table, OpenAI's mean and std, bicubic;
    /// - open_clip (`openCLIP` = open_clip_config.json): `model_cfg.quick_gelu` (default false:
    ///   GELU), `vision_cfg.head_width` (default 64), `vision_cfg.image_size`, and
    ///   `preprocess_cfg`'s mean, std, interpolation and resize_mode ("shortest" or "squash").
    ///
    /// LayerNorm ε is PyTorch's default, 10⁻⁵. Preprocessing: resize the shorter side to the image
    /// size, centre crop, torchvision arithmetic.
    public static func clip(_ tensors: ModelTensors, openCLIP: JSONValue?) throws -> Loaded {
        let source = openCLIP == nil ? tensors.source : "open_clip_config.json"
        let model = openCLIP?["model_cfg"], vision = model?["vision_cfg"]
        if openCLIP != nil, model == nil { throw ModelError("open_clip_config.json: no \"model_cfg\" object") }
        if vision?["attentional_pool"]?.boolValue == true {
            throw ModelError("open_clip_config.json: vision_cfg.attentional_pool is not supported (the class token is the features)")
        }
        if let pool = vision?["pool_type"]?.stringValue, pool != "tok" {
            throw ModelError("open_clip_config.json: vision_cfg.pool_type \"\(pool)\" is not supported (tok: the class token)")
        }
        guard let cls = tensors.entry("visual.class_embedding") else {
            throw ModelError("\(tensors.source): missing tensor 'visual.class_embedding' (not a CLIP ViT visual tower?)")
        }
        let width = cls.shape.last ?? 0
        let prefix = "visual.transformer.resblocks."
        let layers = try blockCount(tensors, prefix: prefix)
        let headWidth = try int(vision?["head_width"], "open_clip_config.json: model_cfg.vision_cfg.head_width") ?? 64
        let headCount = try heads(hidden: width, headWidth: headWidth, source: source)
        guard let fc = tensors.entry(prefix + "0.mlp.c_fc.weight"), fc.shape.count == 2 else {
            throw ModelError("\(tensors.source): missing tensor '\(prefix)0.mlp.c_fc.weight' (a matrix)")
        }
        let quick: Bool
        if openCLIP == nil {
            quick = true
        } else if let flag = model?["quick_gelu"] {
            guard let b = flag.boolValue else { throw ModelError("open_clip_config.json: model_cfg.quick_gelu must be true or false") }
            quick = b
        } else {
            quick = false
        }
        let epsilon = try Rational(1) / Rational(100_000)
        let layerScale = tensors.entry(prefix + "0.ls_1.gamma") != nil
        let config = try wrap(source) {
            try EncoderConfig(
                architecture: .vitPreLN, hiddenSize: width, layers: layers, heads: headCount, intermediateSize: fc.shape[0],
                activation: quick ? .quickGelu : .gelu, layerNormEpsilon: epsilon, layerScale: layerScale)
        }
        let weights = try EncoderLoader.load(tensors, config: config, prefix: { "" }) { layer in
            let b = prefix + "\(layer)."
            return EncoderLoader.BlockNames(
                attention: .fused(weight: b + "attn.in_proj_weight", bias: b + "attn.in_proj_bias"), attentionOutput: b + "attn.out_proj",
                norm1: b + "ln_1", fc1: b + "mlp.c_fc", fc2: b + "mlp.c_proj", norm2: b + "ln_2",
                layerScale1: layerScale ? b + "ls_1.gamma" : nil, layerScale2: layerScale ? b + "ls_2.gamma" : nil)
        }
        let eps = epsilon.doubleValue()
        let (projection, patch) = try projection(tensors, "visual.conv1.weight", hidden: width)
        let embeddings = try wrap(tensors.source) {
            try PatchEmbeddings(
                projection: projection, bias: nil, classToken: try vector(tensors, "visual.class_embedding", width),
                positions: try positions(tensors, "visual.positional_embedding", hidden: width), patchSize: patch,
                preNorm: try norm(tensors, "visual.ln_pre", width, epsilon: eps))
        }
        let side = Int(Double(embeddings.patches).squareRoot().rounded())
        guard side * side == embeddings.patches else {
            throw ModelError("\(tensors.source): visual.positional_embedding has \(embeddings.patches) patch rows, not a square grid")
        }
        let imageSize = try int(vision?["image_size"], "open_clip_config.json: model_cfg.vision_cfg.image_size") ?? side * patch
        let preprocessing = try clipPreprocessing(openCLIP?["preprocess_cfg"], imageSize: imageSize)
        return Loaded(
            weights: weights,
            vision: VisionModel(
                family: openCLIP == nil ? .openAICLIP : .openCLIP, embeddings: embeddings, preprocessing: preprocessing,
                finalNorm: try norm(tensors, "visual.ln_post", width, epsilon: eps)))
    }

    /// CLIP's evaluation transform (open_clip's `image_transform`, is_train false).
    static func clipPreprocessing(_ cfg: JSONValue?, imageSize: Int) throws -> ImagePreprocessing {
        let what = "open_clip_config.json: preprocess_cfg"
        let filterName = cfg?["interpolation"]?.stringValue ?? "bicubic"
        guard let filter = ImageResampling.Filter(name: filterName) else {
            throw ModelError("\(what).interpolation \"\(filterName)\" is not supported (\(ImageResampling.Filter.allCases.map(\.name).joined(separator: ", ")))")
        }
        let resize: ImagePreprocessing.Resize
        var crop: (width: Int, height: Int)? = (imageSize, imageSize)
        switch cfg?["resize_mode"]?.stringValue ?? "shortest" {
        case "shortest": resize = .shortestEdge(imageSize)
        case "squash":
            resize = .exact(width: imageSize, height: imageSize)
            crop = nil
        case let other: throw ModelError("\(what).resize_mode \"\(other)\" is not supported (shortest, squash)")
        }
        return try ImagePreprocessing(
            resize: resize, filter: filter, crop: crop,
            mean: try doubles(cfg?["mean"], "\(what).mean") ?? ImagePreprocessing.clipMean,
            std: try doubles(cfg?["std"], "\(what).std") ?? ImagePreprocessing.clipStd, arithmetic: .torchvision)
    }
}
