import ExactArithmetic
import Foundation
import ReferenceTransformer
import Tensors

extension VisionCheckpointLoader {
    /// timm's VisionTransformer, as `timm.models.push_to_hf_hub` writes it: config.json with
    /// `architecture`, `pretrained_cfg` and optionally `model_args`, and model.safetensors with
    /// `cls_token`, `pos_embed`, `patch_embed.proj`, `norm_pre` (CLIP-style models only),
    /// `blocks.N.{norm1, attn.qkv, attn.proj, ls1.gamma, norm2, mlp.fc1, mlp.fc2, ls2.gamma}`
    /// and `norm`.
    ///
    /// - heads: `model_args.num_heads`, else width / 64 (every timm ViT size);
    /// - LayerNorm ε: 10⁻⁵ for the `*_clip_*` architectures (PyTorch's default, which they use),
    ///   else 10⁻⁶ (timm's ViT default);
    /// - activation: QuickGELU for `*quickgelu*` architectures or `model_args.act_layer`
    ///   "quick_gelu", else GELU (erf);
    /// - preprocessing: `pretrained_cfg` (input_size, interpolation, mean, std, crop_pct,
    ///   crop_mode "center"), with timm's defaults (224, bicubic, ImageNet, 0.875) for what it
    ///   lacks: resize the shorter side to ⌊size/crop_pct⌋, centre crop, torchvision arithmetic.
    public static func timm(_ tensors: ModelTensors, config json: JSONValue) throws -> Loaded {
        let source = "config.json"
        guard let architecture = json["architecture"]?.stringValue else { throw ModelError("\(source): no \"architecture\"") }
        try refuse(tensors, containing: [
            ("reg_token", "register tokens"), ("attn.q_norm", "q/k normalisation"), ("fc_norm", "average pooling with a norm"),
            ("patch_embed.norm", "a norm inside the patch embedding"),
        ])
        if let pool = json["global_pool"]?.stringValue ?? json["model_args"]?["global_pool"]?.stringValue, pool != "token" {
            throw ModelError("\(source): global_pool \"\(pool)\" is not supported (token: the class token is the features)")
        }
        guard let cls = tensors.entry("cls_token") else {
            throw ModelError("\(tensors.source): no tensor 'cls_token' (a timm ViT without a class token is not supported)")
        }
        let hidden = cls.shape.last ?? 0
        let layers = try blockCount(tensors, prefix: "blocks.")
        let args = json["model_args"]
        let headCount = try int(args?["num_heads"], "config.json: model_args.num_heads")
            ?? heads(hidden: hidden, headWidth: 64, source: source)
        guard let fc1 = tensors.entry("blocks.0.mlp.fc1.weight"), fc1.shape.count == 2 else {
            throw ModelError("\(tensors.source): missing tensor 'blocks.0.mlp.fc1.weight' (a matrix)")
        }
        let lowered = architecture.lowercased()
        let activation: ScalarFunction
        switch args?["act_layer"]?.stringValue {
        case nil: activation = lowered.contains("quickgelu") ? .quickGelu : .gelu
        case "gelu"?: activation = .gelu
        case "quick_gelu"?, "quickgelu"?: activation = .quickGelu
        case "gelu_tanh"?: activation = .geluTanh
        case let other?: throw ModelError("\(source): model_args.act_layer \"\(other)\" is not supported (gelu, quick_gelu, gelu_tanh)")
        }
        let epsilon: Rational = try Rational(1) / Rational(lowered.contains("_clip_") ? 100_000 : 1_000_000)
        let layerScale = tensors.entry("blocks.0.ls1.gamma") != nil
        let config = try wrap(source) {
            try EncoderConfig(
                architecture: .vitPreLN, hiddenSize: hidden, layers: layers, heads: headCount, intermediateSize: fc1.shape[0],
                activation: activation, layerNormEpsilon: epsilon, layerScale: layerScale)
        }
        let weights = try EncoderLoader.load(tensors, config: config, prefix: { "" }) { layer in
            let b = "blocks.\(layer)."
            return EncoderLoader.BlockNames(
                attention: .fused(weight: b + "attn.qkv.weight", bias: b + "attn.qkv.bias"), attentionOutput: b + "attn.proj",
                norm1: b + "norm1", fc1: b + "mlp.fc1", fc2: b + "mlp.fc2", norm2: b + "norm2",
                layerScale1: layerScale ? b + "ls1.gamma" : nil, layerScale2: layerScale ? b + "ls2.gamma" : nil)
        }
        let eps = epsilon.doubleValue()
        let (projection, patch) = try projection(tensors, "patch_embed.proj.weight", hidden: hidden)
        let embeddings = try wrap(tensors.source) {
            try PatchEmbeddings(
                projection: projection,
                bias: tensors.entry("patch_embed.proj.bias") != nil ? try vector(tensors, "patch_embed.proj.bias", hidden) : nil,
                classToken: try vector(tensors, "cls_token", hidden), positions: try positions(tensors, "pos_embed", hidden: hidden),
                patchSize: patch,
                preNorm: tensors.entry("norm_pre.weight") != nil ? try norm(tensors, "norm_pre", hidden, epsilon: eps) : nil)
        }
        let preprocessing = try timmPreprocessing(json["pretrained_cfg"])
        return Loaded(
            weights: weights,
            vision: VisionModel(
                family: .timm, embeddings: embeddings, preprocessing: preprocessing,
                finalNorm: tensors.entry("norm.weight") != nil ? try norm(tensors, "norm", hidden, epsilon: eps) : nil))
    }

    /// timm's evaluation transform (`transforms_imagenet_eval`, crop_mode "center").
    static func timmPreprocessing(_ cfg: JSONValue?) throws -> ImagePreprocessing {
        let what = "config.json: pretrained_cfg"
        var size = 224
        if let input = cfg?["input_size"] {
            guard let items = input.arrayValue, items.count == 3 else { throw ModelError("\(what).input_size must be [3, height, width]") }
            let values = try items.map { try int($0, "\(what).input_size") ?? 0 }
            guard values[0] == 3, values[1] == values[2] else {
                throw ModelError("\(what).input_size \(values) is not a square RGB image (only those are supported)")
            }
            size = values[1]
        }
        let filterName = cfg?["interpolation"]?.stringValue ?? "bicubic"
        guard let filter = ImageResampling.Filter(name: filterName) else {
            throw ModelError("\(what).interpolation \"\(filterName)\" is not supported (\(ImageResampling.Filter.allCases.map(\.name).joined(separator: ", ")))")
        }
        var cropFraction = 0.875
        if let r = cfg?["crop_pct"]?.rationalValue {
            cropFraction = r.doubleValue()
            guard cropFraction > 0, cropFraction <= 1 else { throw ModelError("\(what).crop_pct must be in (0, 1]") }
        }
        if let mode = cfg?["crop_mode"]?.stringValue, mode != "center" {
            throw ModelError("\(what).crop_mode \"\(mode)\" is not supported (center)")
        }
        let scale = Int((Double(size) / cropFraction).rounded(.down))
        return try ImagePreprocessing(
            resize: .shortestEdge(scale), filter: filter, crop: (size, size),
            mean: try doubles(cfg?["mean"], "\(what).mean") ?? ImagePreprocessing.imageNetMean,
            std: try doubles(cfg?["std"], "\(what).std") ?? ImagePreprocessing.imageNetStd, arithmetic: .torchvision)
    }
}
