import ExactArithmetic
import Foundation
import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import Reports
import Tensors
import Testing

/// `--head FILE`: a linear head's top-1 agreement, SNN against ANN, on the primary inputs, with
/// Clopper–Pearson intervals in a report; the head file's contract and its bad inputs.
@Suite struct HeadTaskTests {
    static let head = RepositoryFiles.url("Fixtures/tiny-head/head.safetensors")
    static let model = RepositoryFiles.url("Fixtures/tiny-bert")

    /// The fixture reads back as scripts/make-tiny-head wrote it, and classifies by the largest
    /// logit (the first of equal ones).
    @Test func theHeadFileReadsBackAndClassifies() throws {
        let (head, metadata) = try HeadFile.load(Self.head)
        #expect(head.labels == ["alpha", "beta", "gamma"] && head.inputs == 8 && metadata["rule"] == "argmax of weight · x + bias")
        #expect(head.classifier.weight.values == (0..<24).map { sin(1.0 + Double($0)) })
        let x = (0..<8).map { Double($0) / 8 - 0.4 }
        var logits = [Double]()
        for c in 0..<3 {
            var z = 0.1 * Double(c - 1)
            for j in 0..<8 { z += sin(1.0 + Double(8 * c + j)) * x[j] }
            logits.append(z)
        }
        let largest = logits.indices.max { logits[$0] < logits[$1] } ?? -1
        #expect(try head.classify(x) == largest)
        let tie = try LinearHead(weight: Tensor(shape: [2, 1], values: [1, 1]), bias: Tensor(shape: [2], values: [0, 0]), labels: ["a", "b"])
        #expect(try tie.classify([3]) == 0)
        #expect(throws: OperatorError.self) { try head.classify([1, 2]) }
    }

    @Test func aReportGivesAgreementWithIntervals() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-head-\(UUID().uuidString)")
        let r = try CommandRunner.run([
            "report", "--model", Self.model.path, "--head", Self.head.path, "--pipelines", "ecmt", "--T", "1,4,64", "--a-priori", "none",
            "--certify", "1", "--out", out.path, "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try ReportJSON.report(data: try Data(contentsOf: out.appendingPathComponent("report.json")), what: "report")
        let task = try #require(report.pipelines.first?.tasks.first)
        #expect(task.task == "head.safetensors" && task.metric == "agreement" && task.ann == 1 && task.examples == 3)
        let intervals = try #require(task.intervals)
        #expect(intervals.method == "clopper-pearson" && intervals.ann.lower == 1 && intervals.ann.upper == 1)
        for (step, i) in zip(task.snn, intervals.steps) {
            // 3 inputs: the agreement is k/3, inside its interval, and the drop is 1 − agreement.
            #expect(((step.value * 3).rounded() - step.value * 3).magnitude < 1e-12 && i.agreement == step.value)
            #expect(i.value.lower <= step.value && step.value <= i.value.upper)
            #expect(i.drop.lower <= 1 - step.value && 1 - step.value <= i.drop.upper && i.pValue == nil)
        }
        let md = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.contains("Task head.safetensors (3 examples): agreement of the ANN and the SNN"))
        #expect(report.provenance.model.sha256["head.safetensors"] != nil)
    }

    static func write(_ tensors: [(String, Tensor<Double>)], metadata: [String: String]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-head.safetensors")
        try SafetensorsFile.encode(tensors.map { (name: $0.0, tensor: $0.1) }, dtype: .F64, metadata: metadata).write(to: url)
        return url.path
    }

    @Test func badHeadsAreOneLineErrors() throws {
        let w = try Tensor(shape: [2, 8], values: [Double](repeating: 0.5, count: 16)), b = try Tensor(shape: [2], values: [0.0, 1])
        let cases: [(path: String, message: String)] = [
            (try Self.write([("weight", w), ("bias", b)], metadata: [:]), "no __metadata__.labels"),
            (try Self.write([("weight", w), ("bias", b)], metadata: ["labels": "[\"a\"]"]), "1 labels for a head of 2 classes"),
            (try Self.write([("weight", w), ("bias", b)], metadata: ["labels": "{\"a\": 1}"]), "__metadata__.labels is not a JSON array"),
            (try Self.write([("weight", w), ("bias", b)], metadata: ["labels": "[\"a\", "]), "__metadata__.labels is not valid JSON"),
            (try Self.write([("weight", try Tensor(shape: [2, 4], values: [Double](repeating: 0.5, count: 8))), ("bias", b)],
                metadata: ["labels": "[\"a\", \"b\"]"]), "the head reads 4 features, the model's embedding has 8"),
            (try Self.write([("bias", b)], metadata: ["labels": "[\"a\", \"b\"]"]), "weight"),
        ]
        for c in cases {
            let r = try CommandRunner.run(["run", "--model", Self.model.path, "--head", c.path, "--T", "1", "--quiet"])
            #expect(r.status == 2 && r.stderr.contains(c.message), "\(c.message): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "not one line: \(r.stderr)")
        }
        let missing = try CommandRunner.run(["run", "--model", Self.model.path, "--head", "/no/such/head.safetensors", "--T", "1", "--quiet"])
        #expect(missing.status == 2 && missing.stderr.contains("no such file"), "\(missing.stderr)")
    }
}
