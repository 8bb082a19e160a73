import ExactArithmetic
import Foundation
import PropertyTestSupport
import ModelIO
import Tensors
import Testing

@Suite("safetensors reader")
struct SafetensorsTests {
    static var folder: URL {
        RepositoryFiles.url("Fixtures/bad-safetensors")
    }

    @Test func readsAGoodFileExactly() throws {
        let file = try SafetensorsFile(contentsOf: Self.folder.appendingPathComponent("good.safetensors"))
        #expect(file.entries.map(\.name) == ["a", "b"])
        let a = try file.doubles("a")
        #expect(a.shape == [2, 2] && a.values == [1, -2.5, 0.125, 3])
        #expect(try file.doubles("b").values == [0.1])
        #expect(throws: ModelError.self) { try file.doubles("missing") }
    }

    /// Each malformed file is refused with one message that names the problem (and the tensor).
    @Test(arguments: [
        ("truncated-data.safetensors", "tensor 'b'"), ("truncated-length.safetensors", "truncated"),
        ("header-past-end.safetensors", "truncated"), ("bad-header.safetensors", "bad header"),
        ("overlapping.safetensors", "overlaps"), ("wrong-dtype.safetensors", "unsupported dtype F8_E4M3"),
        ("wrong-size.safetensors", "needs 24 bytes"), ("hole.safetensors", "a hole"),
    ])
    func malformedFilesAreRefused(_ name: String, _ mentions: String) throws {
        do {
            _ = try SafetensorsFile(contentsOf: Self.folder.appendingPathComponent(name))
            Issue.record("\(name) was accepted")
        } catch let error as ModelError {
            #expect(error.description.contains(mentions), "\(name): \(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func nonFiniteValuesAreRefused() throws {
        let file = try SafetensorsFile(contentsOf: Self.folder.appendingPathComponent("nan.safetensors"))
        #expect(throws: ModelError.self) { try file.doubles("a") }
    }

    @Test func encodeRoundTrips() throws {
        let t = try Tensor<Double>(shape: [2, 3], values: [1, 2, 3, -0.5, 0.25, 1e-3])
        for dtype in [SafetensorsFile.DType.F32, .F64] {
            let data = try SafetensorsFile.encode([("x", t)], dtype: dtype, metadata: ["k": "v"])
            let file = try SafetensorsFile(data: data, source: "memory")
            let back = try file.doubles("x")
            #expect(back.shape == [2, 3])
            #expect(file.metadata == ["k": "v"])
            for (u, v) in zip(back.values, t.values) { #expect(dtype == .F64 ? u == v : u == Double(Float(v))) }
        }
    }

    @Test func halfPrecisionDecoding() {
        #expect(SafetensorsFile.halfForTesting(0x3C00) == 1)
        #expect(SafetensorsFile.halfForTesting(0xC000) == -2)
        #expect(SafetensorsFile.halfForTesting(0x0001) == 0x1p-24)
        #expect(SafetensorsFile.halfForTesting(0x7BFF) == 65504)
    }

    @Test func modelFolderMismatchNamesTheTensor() throws {
        // A config asking for 7 layers of the 6-layer fixture: the first missing tensor is named.
        let folder = RepositoryFiles.url("Fixtures/minilm-l6")
        let file = try SafetensorsFile(contentsOf: folder.appendingPathComponent("model.safetensors"))
        var config = try ModelConfigFile.read(folder.appendingPathComponent("config.json"))
        config.layers = 7
        do {
            _ = try EncoderLoader.load(file, config: config)
            Issue.record("a 7-layer config was accepted")
        } catch let error as ModelError {
            #expect(error.description.contains("encoder.layer.6.attention.self.query.weight"), "\(error)")
        }
        config.layers = 6
        config.intermediateSize = 1000
        do {
            _ = try EncoderLoader.load(file, config: config)
            Issue.record("a wrong intermediate size was accepted")
        } catch let error as ModelError {
            #expect(error.description.contains("'encoder.layer.0.intermediate.dense.weight' has shape [1536, 384], the config needs [1000, 384]"), "\(error)")
        }
    }

    @Test func configErrors() throws {
        #expect(throws: ModelError.self) { try ModelConfigFile.parse(try JSONParser.parse(#"{"model_type": "gpt2"}"#), source: "c") }
        #expect(throws: ModelError.self) {
            try ModelConfigFile.parse(try JSONParser.parse(#"{"model_type": "bert", "hidden_size": 10, "num_hidden_layers": 1, "num_attention_heads": 3, "intermediate_size": 4}"#), source: "c")
        }
        let vit = try ModelConfigFile.parse(try JSONParser.parse(#"{"model_type": "dinov2", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "mlp_ratio": 4, "hidden_act": "gelu", "layer_norm_eps": 1e-6}"#), source: "c")
        #expect(vit.intermediateSize == 32 && vit.layerScale && vit.architecture == .vitPreLN)
    }
}
