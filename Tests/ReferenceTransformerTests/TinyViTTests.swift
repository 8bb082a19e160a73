import ExactArithmetic
import Foundation
import PropertyTestSupport
import ModelIO
import ReferenceTransformer
import Tensors
import Testing

/// The pre-LN path on the tiny ViT and DINOv2 fixtures (random weights, references from the
/// original library in float64; scripts/make-tiny-vit-fixtures).
@Suite("Reference encoder on the tiny ViT and DINOv2 fixtures")
struct TinyViTTests {
    @Test(arguments: ["tiny-vit", "tiny-dinov2"])
    func reproducesTheOriginalLibrary(_ name: String) throws {
        let folder = RepositoryFiles.url("Fixtures/\(name)")
        let weights = try EncoderLoader.load(directory: folder)
        #expect(weights.config.architecture == .vitPreLN)
        #expect(weights.config.layerScale == (name == "tiny-dinov2"))
        let encoder = try ReferenceEncoder(weights)
        let inputs = try SafetensorsFile(contentsOf: folder.appendingPathComponent("inputs.safetensors"))
        let reference = try SafetensorsFile(contentsOf: folder.appendingPathComponent("reference.safetensors"))
        for k in 0..<4 {
            let states = try encoder.forward(try inputs.doubles("image.\(k)"))
            for (layer, h) in states.enumerated() {
                let expected = try reference.doubles("image.\(k).layer.\(layer)")
                let difference = zip(h.values, expected.values).map { abs($0 - $1) }.max() ?? .infinity
                #expect(h.shape == expected.shape)
                // Required: 1e−5. Observed: below 1e−9 for DINOv2 and about 1.7e−8 for ViT, where an
                // independent numpy float64 evaluation of the same block differs from transformers'
                // float64 output by the same 1.4e−8 (transformers' ViT is not exact in float64).
                #expect(difference <= 1e-5, "\(name) image \(k) layer \(layer): \(difference)")
                #expect(difference <= 1e-7, "\(name) image \(k) layer \(layer): \(difference), far above what was observed")
            }
        }
    }
}
