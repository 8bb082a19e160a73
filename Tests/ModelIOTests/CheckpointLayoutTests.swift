import Foundation
import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import Tensors
import Testing

/// A whole BERT checkpoint in the layouts Hugging Face writes: names with or without the
/// `bert.` prefix, integer buffers beside the weights, and a missing or mis-shaped embedding
/// tensor named in a one-line error.
@Suite struct CheckpointLayoutTests {
    /// Fixtures/tiny-bert's encoder with random embeddings for a 6-token vocabulary, every name
    /// behind `prefix`, and `position_ids` as an I64 buffer.
    static func folder(prefix: String, dropping: String? = nil, reshaping: String? = nil) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("layout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tiny = RepositoryFiles.url("Fixtures/tiny-bert")
        let encoder = try SafetensorsFile(contentsOf: tiny.appendingPathComponent("model.safetensors"))
        var rng = SplitMix(state: 11)
        func random(_ shape: [Int]) throws -> Tensor<Double> {
            try Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Double(Int(rng.next() % 2001) - 1000) / 1000 })
        }
        var tensors: [(name: String, tensor: Tensor<Double>, dtype: SafetensorsFile.DType)] = try encoder.entries.map { (prefix + $0.name, try encoder.doubles($0.name), .F32) }
        let embeddings: [(String, [Int])] = [
            ("embeddings.word_embeddings.weight", [6, 8]), ("embeddings.position_embeddings.weight", [16, 8]),
            ("embeddings.token_type_embeddings.weight", [2, 8]), ("embeddings.LayerNorm.weight", [8]), ("embeddings.LayerNorm.bias", [8]),
        ]
        for (name, shape) in embeddings where name != dropping {
            tensors.append((prefix + name, try random(name == reshaping ? shape.map { $0 + 1 } : shape), .F32))
        }
        tensors.append((prefix + "embeddings.position_ids", try Tensor(shape: [1, 16], values: (0..<16).map(Double.init)), .I64))
        try SafetensorsFile.encode(tensors).write(to: folder.appendingPathComponent("model.safetensors"))
        var config = try String(contentsOf: tiny.appendingPathComponent("config.json"), encoding: .utf8)
        config = config.replacingOccurrences(of: "\"model_type\"", with: "\"vocab_size\": 6, \"max_position_embeddings\": 16, \"type_vocab_size\": 2, \"model_type\"")
        try config.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        try "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\nworld\n".write(to: folder.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func thePrefixDoesNotMatter() throws {
        let plain = try Self.folder(prefix: ""), prefixed = try Self.folder(prefix: "bert.")
        defer { for f in [plain, prefixed] { try? FileManager.default.removeItem(at: f) } }
        let a = try Checkpoint(directory: plain), b = try Checkpoint(directory: prefixed)
        #expect(a.tokenizer?.encode("Hello, world") == [2, 4, 1, 5, 3])
        let x = try a.sample("Hello world hello", name: "x").input, y = try b.sample("Hello world hello", name: "y").input
        #expect(x.shape == [5, 8] && x.values == y.values)
        let ra = try ReferenceEncoder(a.weights).forward(x, mask: nil).last!, rb = try ReferenceEncoder(b.weights).forward(y, mask: nil).last!
        #expect(ra.values == rb.values)
        // 16 positions: a text beyond them is truncated by the tokenizer's limit.
        #expect(a.tokenizer?.maxTokens == 16)
        #expect(try a.sample(Array(repeating: "hello", count: 40).joined(separator: " "), name: "long").input.shape == [16, 8])
    }

    @Test(arguments: [
        (nil as String?, "embeddings.position_embeddings.weight" as String?, "missing tensor 'bert.embeddings.position_embeddings.weight'"),
        ("embeddings.LayerNorm.bias", nil, "tensor 'bert.embeddings.LayerNorm.bias' has shape [9], the config needs [8]"),
    ])
    func aBadEmbeddingIsNamed(_ reshaping: String?, _ dropping: String?, _ message: String) throws {
        let folder = try Self.folder(prefix: "bert.", dropping: dropping, reshaping: reshaping)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try Checkpoint(directory: folder)
            Issue.record("accepted")
        } catch let error as ModelError {
            #expect(error.description.contains(message), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }
}
