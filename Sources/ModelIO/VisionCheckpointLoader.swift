import ExactArithmetic
import Foundation
import ReferenceTransformer
import Tensors

/// Reads the vision Transformers of timm, OpenAI CLIP and open_clip (the visual tower), and the
/// patch embeddings of Hugging Face's ViT and DINOv2, onto SpikeBound's pre-LN encoder: one
/// block is h = x + γ₁·Attn(LN₁(x)), y = h + γ₂·MLP(LN₂(h)) in every family, with q, k and v
/// split from timm's and CLIP's fused projections. The names each family uses are listed in
/// docs/checkpoints.md; a missing or mis-shaped tensor is refused by name, and a feature the
/// encoder does not model (register tokens, q/k norms, average pooling) is refused, never
/// skipped.
public enum VisionCheckpointLoader {
    /// A vision checkpoint's encoder and vision parts.
    public struct Loaded: Sendable {
        public let weights: EncoderWeights<Double>
        public let vision: VisionModel
    }

    /// The number of blocks named PREFIX.N. (N = 0, 1, …, with no gap).
    static func blockCount(_ tensors: ModelTensors, prefix: String) throws -> Int {
        var seen = Set<Int>()
        for name in tensors.names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let n = Int(rest.prefix { $0.isNumber }) else { continue }
            seen.insert(n)
        }
        guard !seen.isEmpty else { throw ModelError("\(tensors.source): no tensor named \(prefix)N.*") }
        guard seen.max()! + 1 == seen.count else {
            throw ModelError("\(tensors.source): the blocks \(prefix)N are not numbered 0…\(seen.count - 1) without a gap")
        }
        return seen.count
    }

    static func refuse(_ tensors: ModelTensors, containing fragments: [(String, String)]) throws {
        for (fragment, feature) in fragments where tensors.names.contains(where: { $0.contains(fragment) }) {
            throw ModelError("\(tensors.source): has '\(fragment)' tensors (\(feature)), which SpikeBound's encoder does not model")
        }
    }

    static func vector(_ tensors: ModelTensors, _ name: String, _ n: Int) throws -> [Double] {
        guard let e = tensors.entry(name) else { throw ModelError("\(tensors.source): missing tensor '\(name)'") }
        guard e.shape.reduce(1, *) == n, e.shape.dropLast().allSatisfy({ $0 == 1 }) else {
            throw ModelError("\(tensors.source): tensor '\(name)' has shape \(e.shape), expected \(n) values")
        }
        return try tensors.doubles(name).values
    }

    static func norm(_ tensors: ModelTensors, _ name: String, _ n: Int, epsilon: Double) throws -> VectorLayerNorm {
        try wrap(tensors.source) { try VectorLayerNorm(gamma: try vector(tensors, name + ".weight", n), beta: try vector(tensors, name + ".bias", n), epsilon: epsilon) }
    }

    /// The patch projection [hidden, 3, p, p] flattened to [hidden, 3·p·p], and p.
    static func projection(_ tensors: ModelTensors, _ name: String, hidden: Int) throws -> (Tensor<Double>, Int) {
        guard let e = tensors.entry(name) else { throw ModelError("\(tensors.source): missing tensor '\(name)'") }
        guard e.shape.count == 4, e.shape[0] == hidden, e.shape[1] == 3, e.shape[2] == e.shape[3], e.shape[2] > 0 else {
            throw ModelError("\(tensors.source): tensor '\(name)' has shape \(e.shape), expected [\(hidden), 3, p, p]")
        }
        let p = e.shape[2]
        return (try tensors.doubles(name).reshaped([hidden, 3 * p * p]), p)
    }

    /// The position table [1 + patches, hidden], from [1, 1 + patches, hidden] or [1 + patches, hidden].
    static func positions(_ tensors: ModelTensors, _ name: String, hidden: Int) throws -> Tensor<Double> {
        guard let e = tensors.entry(name) else { throw ModelError("\(tensors.source): missing tensor '\(name)'") }
        guard (e.shape.count == 2 || (e.shape.count == 3 && e.shape[0] == 1)), e.shape.last == hidden, e.shape[e.shape.count - 2] >= 2 else {
            throw ModelError("\(tensors.source): tensor '\(name)' has shape \(e.shape), expected [1 + patches, \(hidden)]")
        }
        return try tensors.doubles(name).reshaped([e.shape[e.shape.count - 2], hidden])
    }

    static func int(_ json: JSONValue?, _ what: String) throws -> Int? {
        guard let json else { return nil }
        guard let r = json.rationalValue, r.isInteger, let n = Int(r.description), n > 0 else {
            throw ModelError("\(what) must be a positive integer")
        }
        return n
    }

    static func doubles(_ json: JSONValue?, _ what: String) throws -> [Double]? {
        guard let json else { return nil }
        guard let items = json.arrayValue else { throw ModelError("\(what) must be an array of numbers") }
        return try items.map {
            guard let r = $0.rationalValue else { throw ModelError("\(what) must be an array of numbers") }
            return r.doubleValue()
        }
    }

    static func heads(hidden: Int, headWidth: Int, source: String) throws -> Int {
        guard hidden % headWidth == 0 else {
            throw ModelError("\(source): the width \(hidden) is not a multiple of the head width \(headWidth); give the number of heads in the config")
        }
        return hidden / headWidth
    }

    static func wrap<T>(_ source: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as OperatorError { throw ModelError("\(source): \(error)") }
    }
}
