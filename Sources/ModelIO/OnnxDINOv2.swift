import ExactArithmetic
import Foundation
import ReferenceTransformer
import Tensors

/// Maps PyTorch's ONNX export of Hugging Face's `Dinov2Model` (alone, or as the backbone of a
/// larger model under a prefix such as "backbone.") onto Hugging Face's names, so that the
/// DINOv2 loaders read it as they read a checkpoint folder.
///
/// The export keeps the names of biases, norms, LayerScale, the class token and the patch
/// projection; it stores each linear map's weight transposed ([in, out]) as an anonymous
/// initializer, which is found by the MatMul node that reads it, named after its module
/// (`/backbone/encoder/layer.3/attention/attention/query/MatMul`). The position table traced
/// through `interpolate_pos_encoding` is two initializers: the class token's position (read
/// by a Concat in `/…/embeddings/`) and the patch positions (read by a Reshape there). The
/// LayerNorm ε is the float32 constant the graph adds to the variance (or a
/// LayerNormalization's `epsilon`); the activation must be the erf GELU. The head size is the
/// last constant of the shape that splits layer 0's queries into heads ([…, heads or −1, head
/// size], a Concat in its attention). Anything else missing is refused, naming it.
public enum OnnxDINOv2 {
    /// The checkpoint's tensors under Hugging Face's names, and the encoder's config.
    public static func convert(_ file: OnnxFile) throws -> (tensors: ModelTensors, config: EncoderConfig) {
        let source = file.source
        guard let clsName = file.initializers.keys.filter({ $0.hasSuffix("embeddings.cls_token") }).min() else {
            throw ModelError("\(source): no initializer named *embeddings.cls_token: not an export of a DINOv2 model")
        }
        let prefix = String(clsName.dropLast("embeddings.cls_token".count))
        let scope = "/" + prefix.replacingOccurrences(of: ".", with: "/")
        var out = [(name: String, tensor: Tensor<Double>)]()
        func named(_ name: String) throws -> Tensor<Double> {
            guard let e = file.initializers[prefix + name] else { throw ModelError("\(source): no initializer '\(prefix + name)'") }
            return try file.doubles(e)
        }
        let cls = try named("embeddings.cls_token")
        let hidden = cls.shape.last ?? 0
        guard cls.count == hidden, hidden > 0 else { throw ModelError("\(source): \(clsName) has shape \(cls.shape)") }
        let layers = Set(file.initializers.keys.compactMap { name -> Int? in
            guard name.hasPrefix(prefix + "encoder.layer."), name.hasSuffix(".norm1.weight") else { return nil }
            return Int(name.dropFirst((prefix + "encoder.layer.").count).prefix { $0.isNumber })
        })
        guard !layers.isEmpty, layers.max()! + 1 == layers.count else {
            throw ModelError("\(source): the blocks \(prefix)encoder.layer.N are missing or not numbered without a gap")
        }
        // The transposed weights, by the MatMul that reads them.
        var matmulWeights = [String: OnnxFile.TensorEntry]()
        for node in file.nodes where node.opType == "MatMul" && node.name.hasPrefix(scope + "encoder/layer.") && node.name.hasSuffix("/MatMul") {
            let module = String(node.name.dropFirst(scope.count).dropLast("/MatMul".count))
            if let w = node.inputs.compactMap({ file.initializers[$0] }).first(where: { $0.dims.count == 2 }) { matmulWeights[module] = w }
        }
        // Hugging Face's names, and the module paths of transformers 4 and 5 (q_proj, … in 5).
        let modules: [(name: String, paths: [String])] = [
            ("attention.attention.query", ["attention/attention/query", "attention/q_proj"]),
            ("attention.attention.key", ["attention/attention/key", "attention/k_proj"]),
            ("attention.attention.value", ["attention/attention/value", "attention/v_proj"]),
            ("attention.output.dense", ["attention/output/dense", "attention/o_proj"]),
            ("mlp.fc1", ["mlp/fc1"]), ("mlp.fc2", ["mlp/fc2"]),
        ]
        for layer in 0..<layers.count {
            let base = "encoder.layer.\(layer)."
            for (name, paths) in modules {
                let candidates = paths.map { "encoder/layer.\(layer)/\($0)" }
                guard let module = candidates.first(where: { matmulWeights[$0] != nil || file.initializers[prefix + $0.replacingOccurrences(of: "/", with: ".") + ".weight"] != nil }) else {
                    throw ModelError("\(source): no weight for \(prefix)\(base)\(name) (no MatMul node \(scope)\(candidates[0])/MatMul, no named initializer)")
                }
                let dotted = prefix + module.replacingOccurrences(of: "/", with: ".")
                if let w = file.initializers[dotted + ".weight"] {
                    out.append((base + name + ".weight", try file.doubles(w)))
                } else {
                    out.append((base + name + ".weight", try file.doubles(matmulWeights[module]!).transposed()))
                }
                guard let b = file.initializers[dotted + ".bias"] else { throw ModelError("\(source): no initializer '\(dotted).bias'") }
                out.append((base + name + ".bias", try file.doubles(b)))
            }
            for name in ["norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias", "layer_scale1.lambda1", "layer_scale2.lambda1"] {
                out.append((base + name, try named(base + name)))
            }
        }
        for name in ["embeddings.cls_token", "embeddings.patch_embeddings.projection.weight", "embeddings.patch_embeddings.projection.bias",
            "layernorm.weight", "layernorm.bias"]
        {
            out.append((name, try named(name)))
        }
        let positions = try positionTable(file, prefix: prefix, scope: scope, hidden: hidden)
        out.append(("embeddings.position_embeddings", positions))
        let epsilon = try layerNormEpsilon(file, scope: scope)
        let activations = Set(file.nodes.filter { $0.name.hasPrefix(scope + "encoder/layer.0/mlp/") }.map(\.opType))
        guard activations.contains("Erf") else {
            throw ModelError("\(source): layer 0's MLP has no Erf node: only the erf GELU of DINOv2 is supported")
        }
        guard let fc1 = out.first(where: { $0.name == "encoder.layer.0.mlp.fc1.weight" }), fc1.tensor.rank == 2 else {
            throw ModelError("\(source): layer 0's fc1 weight is not a matrix")
        }
        let headSize = try headSize(file, scope: scope)
        guard headSize > 0, hidden % headSize == 0 else { throw ModelError("\(source): width \(hidden) is not a multiple of the head size \(headSize)") }
        let config: EncoderConfig
        do {
            config = try EncoderConfig(
                architecture: .vitPreLN, hiddenSize: hidden, layers: layers.count, heads: hidden / headSize, intermediateSize: fc1.tensor.shape[0],
                activation: .gelu, layerNormEpsilon: epsilon, layerScale: true)
        } catch let error as OperatorError {
            throw ModelError("\(source): \(error)")
        }
        let data = try SafetensorsFile.encode(out.map { ($0.name, $0.tensor, SafetensorsFile.DType.F64) })
        return (try ModelTensors(files: [try SafetensorsFile(data: data, source: source)]), config)
    }

    static func positionTable(_ file: OnnxFile, prefix: String, scope: String, hidden: Int) throws -> Tensor<Double> {
        if let e = file.initializers[prefix + "embeddings.position_embeddings"] { return try file.doubles(e) }
        let inScope = file.nodes.filter { $0.name.hasPrefix(scope + "embeddings/") }
        func initializer(_ op: String, _ ok: ([Int]) -> Bool) -> OnnxFile.TensorEntry? {
            for node in inScope where node.opType == op {
                if let e = node.inputs.compactMap({ file.initializers[$0] }).first(where: { ok($0.dims) && !$0.name.hasSuffix("cls_token") }) {
                    return e
                }
            }
            return nil
        }
        guard let classPosition = initializer("Concat", { $0 == [1, 1, hidden] }),
            let patchPositions = initializer("Reshape", { $0.count == 3 && $0[0] == 1 && $0[1] > 1 && $0[2] == hidden })
        else {
            throw ModelError("\(file.source): no position table: neither \(prefix)embeddings.position_embeddings nor the traced class and patch positions in \(scope)embeddings/")
        }
        let c = try file.doubles(classPosition), p = try file.doubles(patchPositions)
        return try Tensor(shape: [1, 1 + p.shape[1], hidden], values: c.values + p.values)
    }

    static func constants(_ file: OnnxFile) -> [String: OnnxFile.TensorEntry] {
        var constants = [String: OnnxFile.TensorEntry]()
        for node in file.nodes where node.opType == "Constant" {
            if case .tensor(let t)? = node.attributes["value"], let output = node.outputs.first { constants[output] = t }
        }
        return constants
    }

    /// The head size: the last element of the first shape built in layer 0's attention from two
    /// or more one-element integer constants.
    static func headSize(_ file: OnnxFile, scope: String) throws -> Int {
        let constants = constants(file)
        for node in file.nodes where node.opType == "Concat" && node.name.hasPrefix(scope + "encoder/layer.0/attention/") {
            let values = try node.inputs.compactMap { name -> Double? in
                guard let c = constants[name], c.count == 1, c.dataType == 7 else { return nil }
                return try file.doubles(c).values[0]
            }
            if values.count >= 2, let last = values.last, last > 0, last.rounded() == last, last <= 1_048_576 { return Int(last) }
        }
        throw ModelError("\(file.source): cannot find the head size (no shape of [heads, head size] in \(scope)encoder/layer.0/attention/)")
    }

    /// Layer 0's norm1 ε: a LayerNormalization's epsilon, or the constant added to the variance.
    static func layerNormEpsilon(_ file: OnnxFile, scope: String) throws -> Rational {
        let norm = scope + "encoder/layer.0/norm1/"
        if let ln = file.nodes.first(where: { $0.name.hasPrefix(norm) && $0.opType == "LayerNormalization" }) {
            guard case .float(let e)? = ln.attributes["epsilon"] else { return try Rational(1) / Rational(100_000) }  // ONNX's default
            return try Rational(exactly: Double(e))
        }
        let constants = constants(file)
        guard let add = file.nodes.first(where: { $0.name == norm + "Add" && $0.opType == "Add" }),
            let e = add.inputs.compactMap({ constants[$0] ?? file.initializers[$0] }).first, e.count == 1
        else {
            throw ModelError("\(file.source): cannot find layer 0's LayerNorm ε (no \(norm)Add with a constant, no LayerNormalization)")
        }
        let value = try file.doubles(e).values[0]
        guard value >= 0 else { throw ModelError("\(file.source): LayerNorm ε \(value) is negative") }
        return try Rational(exactly: value)
    }
}
