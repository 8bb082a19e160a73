import Foundation
import ModelIO
import PropertyTestSupport
import Testing

/// The Swift BERT tokenizer against Hugging Face `tokenizers`, token for token, on the 2,704
/// cases of Fixtures/tokenizer/bert-uncased.jsonl (scripts/make-text-fixtures): unicode,
/// accents, punctuation, CJK, control and zero-width characters, long words, empty strings,
/// special tokens in the text, and truncation.
@Suite("BERT tokenizer")
struct BertTokenizerTests {
    struct Case {
        let text: String
        let max: Int?
        let ids: [Int]
    }

    static func cases() throws -> [Case] {
        let data = try Data(contentsOf: RepositoryFiles.url("Fixtures/tokenizer/bert-uncased.jsonl"))
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let json = try JSONParser.parse(bytes: Array(line.utf8))
            let ids = try #require(json["ids"]?.arrayValue).map { Int(try #require($0.rationalValue).description)! }
            return Case(
                text: try #require(json["text"]?.stringValue),
                max: json["max"]?.rationalValue.map { Int($0.description)! }, ids: ids)
        }
    }

    /// Every case, through a tokenizer read from `folder`.
    func agreement(_ folder: URL) throws -> (cases: Int, mismatches: [String]) {
        let full = try TokenizerLoader.load(directory: folder, maxTokens: 100_000)
        let short = try full.truncating(at: 16)
        var bad = [String]()
        let all = try Self.cases()
        for c in all {
            let got = (c.max == nil ? full : short).encode(c.text)
            if got != c.ids {
                bad.append("\(c.text.unicodeScalars.map { String($0.value, radix: 16) }) max \(c.max ?? 0): got \(got), want \(c.ids)")
            }
        }
        return (all.count, bad)
    }

    @Test func agreesWithHuggingFaceFromTokenizerJSON() throws {
        let (count, bad) = try agreement(RepositoryFiles.url("Fixtures/minilm-l6"))
        #expect(count >= 2_000)
        #expect(bad.isEmpty, "\(bad.count) of \(count) differ; first: \(bad.prefix(5).joined(separator: "\n"))")
    }

    /// Without tokenizer.json the settings come from tokenizer_config.json: the same ids.
    @Test func agreesFromTokenizerConfigAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bert-tok-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["vocab.txt", "tokenizer_config.json"] {
            try FileManager.default.copyItem(
                at: RepositoryFiles.url("Fixtures/minilm-l6/\(name)"), to: folder.appendingPathComponent(name))
        }
        let (_, bad) = try agreement(folder)
        #expect(bad.isEmpty, "\(bad.count) differ; first: \(bad.prefix(5).joined(separator: "\n"))")
    }

    @Test func refusesWhatItCannotTokenize() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bert-tok-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: ModelError.self) { try TokenizerLoader.load(directory: folder, maxTokens: 16) }
        try "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n".write(to: folder.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        try #"{"normalizer": {"type": "NFKC"}}"#.write(to: folder.appendingPathComponent("tokenizer.json"), atomically: true, encoding: .utf8)
        #expect(throws: ModelError("tokenizer.json: normalizer NFKC is not supported (BertNormalizer)")) {
            try TokenizerLoader.load(directory: folder, maxTokens: 16)
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("tokenizer.json"))
        let t = try TokenizerLoader.load(directory: folder, maxTokens: 4)
        #expect(t.encode("Hello hello HELLO") == [2, 4, 4, 3])
        #expect(t.encode("hellox") == [2, 1, 3])
        #expect(t.encode("") == [2, 3])
        #expect(throws: ModelError.self) { try t.truncating(at: 1) }
    }
}
