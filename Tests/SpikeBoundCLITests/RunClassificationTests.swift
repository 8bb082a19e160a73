import ExactArithmetic
import Foundation
import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import Tensors
import Testing

/// `run --labels`: accuracy against T through a linear probe (no head in the fixture), and
/// through a classifier head added to the fixture as a third shard.
@Suite struct RunClassificationTests {
    static let model = RepositoryFiles.url("Fixtures/minilm-l6")
    static let positive = "beautiful cheerful confident generous glad great happy nice proud smart intelligent terrific wonderful fresh funny easy"
    static let negative = "angry anxious ashamed awful bad cruel dull dumb foolish guilty immoral impatient insane mad sad stupid terrible crazy"

    static func labels(_ positive: String = "positive", _ negative: String = "negative") throws -> String {
        var rows = ["text\tlabel"]
        for w in Self.positive.split(separator: " ") { rows.append("\(w)\t\(positive)") }
        for w in Self.negative.split(separator: " ") { rows.append("\(w)\t\(negative)") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-labels.tsv")
        try (rows.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func aProbeGivesAccuracyAgainstT() throws {
        let result = try CommandRunner.run([
            "run", "--model", Self.model.path, "--labels", try Self.labels(), "--pipeline", "ecmt", "--T", "1,8", "--inputs-limit", "1",
            "--format", "json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let task = try #require(try JSONParser.parse(result.stdout)["task"])
        #expect(task["metric"]?.stringValue == "accuracy" && task["kind"]?.stringValue == "classification")
        #expect(task["examples"]?.rationalValue == 11)  // 34 words: 23 to train, 11 to test
        #expect(task["method"]?.stringValue?.contains("linear probe") == true)
        #expect(task["pearson"] == nil)
        let ann = try #require(task["ann"]?.rationalValue?.doubleValue())
        #expect((0...1).contains(ann) && (ann * 11).rounded() == ann * 11)
        #expect(task["snn"]?.arrayValue?.map { $0["T"]?.rationalValue } == [1, 8])
    }

    /// A head (random pooler and classifier) in a third shard: the ANN's accuracy is what the
    /// head computes on the reference's first-token outputs.
    @Test func aHeadIsUsedWhenTheCheckpointHasOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("head-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["model.safetensors", "embeddings.safetensors", "vocab.txt", "tokenizer.json", "tokenizer_config.json", "inputs.safetensors", "sentences.json"] {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(name), withDestinationURL: Self.model.appendingPathComponent(name))
        }
        var rng = SplitMix(state: 3)
        func random(_ n: Int) -> [Double] { (0..<n).map { _ in Double(Int(rng.next() % 2001) - 1000) / 20_000 } }
        let head = try SafetensorsFile.encode([
            ("pooler.dense.weight", try Tensor(shape: [384, 384], values: random(384 * 384))), ("pooler.dense.bias", try Tensor(shape: [384], values: random(384))),
            ("classifier.weight", try Tensor(shape: [2, 384], values: random(768))), ("classifier.bias", try Tensor(shape: [2], values: [0, 0])),
        ], dtype: .F32)
        try head.write(to: folder.appendingPathComponent("head.safetensors"))
        var index = try String(contentsOf: Self.model.appendingPathComponent("model.safetensors.index.json"), encoding: .utf8)
        index = index.replacingOccurrences(of: "\"weight_map\": {", with: "\"weight_map\": {\n  \"classifier.bias\": \"head.safetensors\", \"classifier.weight\": \"head.safetensors\", \"pooler.dense.bias\": \"head.safetensors\", \"pooler.dense.weight\": \"head.safetensors\",")
        try index.write(to: folder.appendingPathComponent("model.safetensors.index.json"), atomically: true, encoding: .utf8)
        var config = try String(contentsOf: Self.model.appendingPathComponent("config.json"), encoding: .utf8)
        config = config.replacingOccurrences(of: "\"hidden_act\"", with: "\"id2label\": {\"0\": \"NEG\", \"1\": \"POS\"}, \"hidden_act\"")
        try config.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let checkpoint = try Checkpoint(directory: folder)
        let classifier = try #require(checkpoint.classifierHead)
        #expect(classifier.labels == ["NEG", "POS"])
        // Wrong label names are refused; the head's names are accepted.
        let wrong = try CommandRunner.run(["run", "--model", folder.path, "--labels", try Self.labels(), "--T", "1", "--quiet"])
        #expect(wrong.status == 2 && wrong.stderr.contains("label 'positive' is not one of the classifier head's labels (NEG, POS)"))
        let result = try CommandRunner.run([
            "run", "--model", folder.path, "--labels", try Self.labels("POS", "NEG"), "--T", "2", "--inputs-limit", "1", "--format", "json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let task = try #require(try JSONParser.parse(result.stdout)["task"])
        #expect(task["examples"]?.rationalValue == 34)
        #expect(task["method"]?.stringValue?.contains("classifier head") == true)
        let reference = try ReferenceEncoder(checkpoint.weights)
        var right = 0
        for (k, w) in (Self.positive.split(separator: " ") + Self.negative.split(separator: " ")).enumerated() {
            let h = try reference.forward(try checkpoint.sample(String(w), name: "w").input, mask: nil).last!
            if try classifier.classify(firstToken: Array(h.row(0))) == (k < 16 ? 1 : 0) { right += 1 }
        }
        let ann = try #require(task["ann"]?.rationalValue?.doubleValue())
        #expect(abs(ann - Double(right) / 34) < 1e-12)
    }
}
