import ExactArithmetic
import Foundation
import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import Tensors
import Testing

/// Each vision family's tiny checkpoint (random weights, written by its own library:
/// scripts/make-vision-fixtures) against that library's float64 outputs: the preprocessing of a
/// real photograph to the bit, the embedding layer, every block and the final norm's class
/// token within 10⁻⁹.
@Suite("Vision checkpoints: timm, OpenAI CLIP, open_clip, Hugging Face DINOv2 and ViT")
struct VisionCheckpointTests {
    struct Family: Sendable, CustomStringConvertible {
        let folder: String
        let family: CheckpointFamily
        let activation: ScalarFunction
        let epsilon: Double
        let layerScale: Bool
        let heads: Int
        var description: String { folder }
    }

    static let families = [
        Family(folder: "tiny-timm-vit", family: .timm, activation: .gelu, epsilon: 1e-6, layerScale: true, heads: 4),
        Family(folder: "tiny-timm-clip", family: .timm, activation: .quickGelu, epsilon: 1e-5, layerScale: false, heads: 4),
        Family(folder: "tiny-openai-clip", family: .openAICLIP, activation: .quickGelu, epsilon: 1e-5, layerScale: false, heads: 2),
        Family(folder: "tiny-open-clip", family: .openCLIP, activation: .gelu, epsilon: 1e-5, layerScale: true, heads: 4),
        Family(folder: "tiny-hf-dinov2", family: .huggingFace, activation: .gelu, epsilon: 1e-6, layerScale: true, heads: 4),
        Family(folder: "tiny-hf-vit", family: .huggingFace, activation: .gelu, epsilon: 1e-12, layerScale: false, heads: 4),
    ]
    static let photos = ["china.jpg", "flower.png"]

    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        a.count == b.count ? zip(a, b).map { abs($0 - $1) }.max() ?? 0 : .infinity
    }

    @Test(arguments: families)
    func matchesItsOwnLibrary(_ f: Family) throws {
        let folder = RepositoryFiles.url("Fixtures/\(f.folder)")
        let checkpoint = try Checkpoint(directory: folder)
        #expect(checkpoint.family == f.family)
        let config = checkpoint.weights.config
        #expect(config.architecture == .vitPreLN && config.layers == 2 && config.heads == f.heads)
        #expect(config.activation == f.activation && config.layerScale == f.layerScale)
        #expect(config.layerNormEpsilon.doubleValue() == f.epsilon)
        let vision = try #require(checkpoint.vision)
        let encoder = try ReferenceEncoder(checkpoint.weights)
        let reference = try SafetensorsFile(contentsOf: folder.appendingPathComponent("reference.safetensors"))
        for (k, photo) in Self.photos.enumerated() {
            // The preprocessing: the library's float32 pixels, to the bit.
            let image = try ImageDecoder.decode(contentsOf: RepositoryFiles.url("Fixtures/images/\(photo)"))
            let pixels = try vision.preprocessing.pixels(image)
            let expectedPixels = try reference.doubles("image.\(k).pixels")
            #expect(pixels.shape == expectedPixels.shape)
            #expect(Self.maxDifference(pixels.values, expectedPixels.values) == 0, "\(f.folder) \(photo): pixels differ")
            // The embedding layer, on the library's pixels.
            let embedded = try vision.embeddings.embed(expectedPixels)
            let expectedEmbeddings = try reference.doubles("image.\(k).embeddings")
            #expect(embedded.shape == expectedEmbeddings.shape)
            let e = Self.maxDifference(embedded.values, expectedEmbeddings.values)
            #expect(e <= 1e-12, "\(f.folder) image \(k) embeddings: \(e)")
            // Every block, from the library's embeddings: within 10⁻⁹.
            let states = try encoder.forward(expectedEmbeddings)
            for (layer, h) in states.enumerated() {
                let d = Self.maxDifference(h.values, try reference.doubles("image.\(k).layer.\(layer)").values)
                #expect(d <= 1e-9, "\(f.folder) image \(k) layer \(layer): \(d)")
            }
            // The features: the final norm of the class token (the pooling of a vision checkpoint).
            let features = try checkpoint.pooling.embed(states.last!, mask: nil)
            let f9 = Self.maxDifference(features, try reference.doubles("image.\(k).features").values)
            #expect(f9 <= 1e-9, "\(f.folder) image \(k) features: \(f9)")
            // The whole path from the image file.
            let sample = try checkpoint.sample(image: RepositoryFiles.url("Fixtures/images/\(photo)"), name: "image.\(k)")
            let whole = try encoder.forward(sample.input)
            let last = try reference.doubles("image.\(k).layer.\(config.layers - 1)")
            #expect(Self.maxDifference(whole.last!.values, last.values) <= 1e-9)
        }
    }
}

/// What the encoder does not model is refused by name, never skipped.
@Suite("Vision checkpoints: refusals")
struct VisionCheckpointRefusalTests {
    /// A copy of a fixture folder with one file replaced.
    static func copy(_ fixture: String, replacing file: String, with edit: (String) -> String) throws -> URL {
        let source = RepositoryFiles.url("Fixtures/\(fixture)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(fixture)-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: folder)
        let url = folder.appendingPathComponent(file)
        try edit(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        return folder
    }

    static func message(_ folder: URL) -> String? {
        do {
            _ = try Checkpoint(directory: folder)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func configFeaturesOutsideTheEncoderAreRefused() throws {
        let avg = try Self.copy("tiny-timm-vit", replacing: "config.json") { $0.replacingOccurrences(of: "\"global_pool\": \"token\"", with: "\"global_pool\": \"avg\"") }
        #expect(Self.message(avg)?.contains("global_pool \"avg\" is not supported") == true, "\(Self.message(avg) ?? "accepted")")
        let pooled = try Self.copy("tiny-open-clip", replacing: "open_clip_config.json") { $0.replacingOccurrences(of: "\"layers\": 2,", with: "\"layers\": 2, \"pool_type\": \"avg\",") }
        #expect(Self.message(pooled)?.contains("pool_type \"avg\" is not supported") == true, "\(Self.message(pooled) ?? "accepted")")
        let act = try Self.copy("tiny-timm-vit", replacing: "config.json") { $0.replacingOccurrences(of: "\"init_values\": 0.5,", with: "\"init_values\": 0.5, \"act_layer\": \"silu\",") }
        #expect(Self.message(act)?.contains("act_layer \"silu\" is not supported") == true, "\(Self.message(act) ?? "accepted")")
        let crop = try Self.copy("tiny-timm-vit", replacing: "config.json") { $0.replacingOccurrences(of: "\"crop_mode\": \"center\"", with: "\"crop_mode\": \"squash\"") }
        #expect(Self.message(crop)?.contains("crop_mode \"squash\" is not supported") == true, "\(Self.message(crop) ?? "accepted")")
        let heads = try Self.copy("tiny-open-clip", replacing: "open_clip_config.json") { $0.replacingOccurrences(of: "\"head_width\": 8", with: "\"head_width\": 7") }
        #expect(Self.message(heads)?.contains("not a multiple of the head width 7") == true, "\(Self.message(heads) ?? "accepted")")
    }
}
