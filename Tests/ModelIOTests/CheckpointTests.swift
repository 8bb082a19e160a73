import Foundation
import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Tensors
import Testing

/// Fixtures/minilm-l6 as a checkpoint: a sharded index (encoder and embeddings), the tokenizer,
/// sentence-transformers' modules, and text turned into encoder input in Swift.
@Suite("checkpoint folders")
struct CheckpointTests {
    static let folder = RepositoryFiles.url("Fixtures/minilm-l6")

    @Test func readsTheFixtureWhole() throws {
        let c = try Checkpoint(directory: Self.folder)
        #expect(c.pooling == .meanNormalized)
        #expect(c.weightFiles.sorted() == ["embeddings.safetensors", "model.safetensors"])
        #expect(c.tokenizer?.maxTokens == 256)  // sentence_bert_config.json's max_seq_length
        let embeddings = try #require(c.embeddings)
        #expect(embeddings.maxPositions == 512 && embeddings.vocabularySize == 30522)
        #expect(try Checkpoint(directory: Self.folder, maxTokens: 12).tokenizer?.maxTokens == 12)
        #expect(throws: ModelError.self) { try Checkpoint(directory: Self.folder, maxTokens: 513) }
    }

    /// The fixture's sentences, tokenised and embedded in Swift, give transformers' token ids
    /// and (to float32 rounding) its embedding-layer outputs, inputs.safetensors.
    @Test func textBecomesTheModelsOwnInput() throws {
        let c = try Checkpoint(directory: Self.folder)
        let tokenizer = try #require(c.tokenizer)
        let json = try JSONParser.parse(bytes: Array(try Data(contentsOf: Self.folder.appendingPathComponent("sentences.json"))))
        let inputs = try SafetensorsFile(contentsOf: Self.folder.appendingPathComponent("inputs.safetensors"))
        let sentences = try #require(json["sentences"]?.arrayValue)
        #expect(sentences.count == 18)
        for (k, s) in sentences.enumerated() {
            let text = try #require(s["text"]?.stringValue)
            let mask = try #require(s["attentionMask"]?.arrayValue).map { $0.rationalValue == .one }
            let ids = try #require(s["tokenIds"]?.arrayValue).map { Int(try #require($0.rationalValue).description)! }
            let kept = mask.filter { $0 }.count
            #expect(tokenizer.encode(text) == Array(ids.prefix(kept)), "sentence \(k)")
            let mine = try c.sample(text, name: "s").input
            let theirs = try inputs.doubles("sentence.\(k)")
            #expect(mine.shape == [kept, 384])
            let worst = zip(mine.values, theirs.values.prefix(kept * 384)).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 1e-5, "sentence \(k): \(worst)")
        }
    }

    @Test func refusesWhatItCannotRead() throws {
        let c = try Checkpoint(directory: Self.folder)
        #expect(throws: ModelError.self) { try c.sample("zebra", name: "z") }  // no embedding row for 'zebra'
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        for name in ["config.json", "model.safetensors"] {
            try FileManager.default.createSymbolicLink(at: empty.appendingPathComponent(name), withDestinationURL: Self.folder.appendingPathComponent(name))
        }
        let bare = try Checkpoint(directory: empty)
        #expect(bare.embeddings == nil && bare.tokenizer == nil)
        #expect(throws: ModelError.self) { try bare.sample("a", name: "a") }
        try #"[{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}, {"idx": 1, "name": "1", "path": "p", "type": "sentence_transformers.models.Pooling"}]"#
            .write(to: empty.appendingPathComponent("modules.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: empty.appendingPathComponent("p"), withIntermediateDirectories: true)
        try #"{"pooling_mode_cls_token": true, "pooling_mode_mean_tokens": true}"#
            .write(to: empty.appendingPathComponent("p/config.json"), atomically: true, encoding: .utf8)
        #expect(throws: ModelError("p/config.json: exactly one pooling mode must be on, got pooling_mode_cls_token, pooling_mode_mean_tokens")) {
            try Checkpoint(directory: empty)
        }
        try #"{"pooling_mode_cls_token": true}"#.write(to: empty.appendingPathComponent("p/config.json"), atomically: true, encoding: .utf8)
        #expect(try Checkpoint(directory: empty).pooling == SentencePooling(mode: .cls, normalize: false))
    }
}
