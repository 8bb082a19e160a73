import ExactArithmetic
import Foundation
import ModelIO
import PropertyTestSupport
import Testing

/// `run` on raw text: --texts and --pairs through the checkpoint's tokenizer and embeddings,
/// the task metric in the JSON, and one-line errors for bad task files.
@Suite struct RunTextInputTests {
    static let model = RepositoryFiles.url("Fixtures/minilm-l6").path

    static func temporary(_ name: String, _ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func pairsGiveTheTaskMetricAgainstT() throws {
        let pairs = try Self.temporary("p.tsv", "text_a\ttext_b\tscore\nold\tnew\t1.58\nsmart\tintelligent\t9.2\nhard\tdifficult\t8.77\nhappy\tcheerful\t9.55\n")
        let result = try CommandRunner.run([
            "run", "--model", Self.model, "--pairs", pairs, "--pipeline", "ecmt", "--T", "1,4", "--inputs-limit", "1", "--format", "json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONParser.parse(result.stdout)
        let task = try #require(json["task"])
        #expect(task["metric"]?.stringValue == "spearman")
        #expect(task["pairs"]?.rationalValue == 4)
        let ann = try #require(task["ann"]?.rationalValue?.doubleValue())
        #expect((-1...1).contains(ann))
        let snn = try #require(task["snn"]?.arrayValue)
        #expect(snn.map { $0["T"]?.rationalValue } == [1, 4])
        for p in snn {
            let v = try #require(p["value"]?.rationalValue?.doubleValue()), d = try #require(p["drop"]?.rationalValue?.doubleValue())
            #expect(abs(ann - v - d) < 1e-12)
        }
        #expect(task["pearson"]?["snn"]?.arrayValue?.count == 2)
        // The first fixture sentence and the 8 distinct words of the pairs.
        #expect(json["result"]?["samples"]?.arrayValue?.count == 9)
        #expect(json["pooling"]?.stringValue == "mean, normalised")
    }

    /// Two --pairs files: "task" is the first, "tasks" holds both, each evaluated on its own
    /// texts; two task files of one name are refused.
    @Test func severalTasksRunTogether() throws {
        let first = try Self.temporary("a.tsv", "old\tnew\t1.58\nsmart\tintelligent\t9.2\nhard\tdifficult\t8.77\n")
        let second = try Self.temporary("b.tsv", "happy\tcheerful\t9.55\nold\tsmart\t2\nnew\thard\t1\n")
        let result = try CommandRunner.run([
            "run", "--model", Self.model, "--pairs", first, "--pairs", second, "--pipeline", "ecmt", "--T", "1,2", "--inputs-limit", "1",
            "--format", "json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONParser.parse(result.stdout)
        let tasks = try #require(json["tasks"]?.arrayValue)
        #expect(tasks.map { $0["task"]?.stringValue } == [URL(fileURLWithPath: first).lastPathComponent, URL(fileURLWithPath: second).lastPathComponent])
        #expect(tasks.map { $0["pairs"]?.rationalValue } == [3, 3])
        #expect(json["task"] == tasks[0])
        // The first sentence, the first task's 6 words and the second's 6 (its own samples).
        let values = try #require(json["result"]?["samples"]?.arrayValue)
        let samples = values.compactMap { $0.stringValue }
        #expect(samples.count == 13 && samples.contains("pair.5") && samples.contains("pair2.5"))
        let twice = try CommandRunner.run(["run", "--model", Self.model, "--pairs", first, "--pairs", first, "--T", "1", "--quiet"])
        #expect(twice.status != 0 && twice.stderr.contains("two tasks are named"))
    }

    @Test func textsRunAsInputs() throws {
        let texts = try Self.temporary("t.jsonl", "{\"text\": \"Rain.\"}\n\n{\"text\": \"The cat sleeps on the warm windowsill all afternoon.\"}\n")
        let result = try CommandRunner.run(["run", "--model", Self.model, "--texts", texts, "--T", "2", "--format", "json", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONParser.parse(result.stdout)
        #expect(json["result"]?["samples"]?.arrayValue?.map(\.stringValue) == ["text.0", "text.1"])
        #expect(json["task"] == nil)
    }

    @Test(arguments: [
        ("a\tb\n", "expected text_a<TAB>text_b<TAB>score, got 2 field(s)"),
        ("h1\th2\th3\nold\tnew\tx\n", "the score 'x' is not a number"),
        ("old\tnew\tnan\nold\tsmart\t1\n", "not a finite number"),
        ("old\tnew\t1\nsmart\tnew\t1\n", "every pair has the same score"),
        ("old\tzebra\t1\nold\tnew\t2\n", "has no row in this checkpoint's restricted word-embedding table"),
        ("", "holds no pairs"),
    ])
    func badPairsAreOneLineErrors(_ content: String, _ message: String) throws {
        let pairs = try Self.temporary("bad.tsv", content)
        let result = try CommandRunner.run(["run", "--model", Self.model, "--pairs", pairs, "--T", "1", "--quiet"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func conflictingInputsAreRefused() throws {
        let texts = try Self.temporary("t.txt", "Rain.\n")
        let both = try CommandRunner.run(["run", "--model", Self.model, "--texts", texts, "--inputs", "x", "--T", "1"])
        #expect(both.status == 2 && both.stderr.contains("give one of --inputs, --texts and --images"))
        let tiny = try CommandRunner.run(["run", "--model", Self.model, "--texts", texts, "--max-tokens", "1", "--T", "1"])
        #expect(tiny.status == 2 && tiny.stderr.contains("--max-tokens must be ≥ 2"))
    }
}
