import ExactArithmetic
import Foundation
import ModelIO
import PropertyTestSupport
import Testing

/// `run` on images: --images and --image-classes through a vision checkpoint's preprocessing and
/// patch embeddings, both pipelines on a QuickGELU model (CLIP), and one-line errors.
@Suite struct RunImageInputTests {
    static func fixture(_ path: String) -> String { RepositoryFiles.url("Fixtures/\(path)").path }

    /// ECMT (compensation of QuickGELU), STA with its released GELU operator (fitted to
    /// QuickGELU) and STA with the interpolant of QuickGELU.
    @Test(arguments: ["ecmt", "sta", "sta-interpolant"])
    func imagesAndAClassificationTaskRunThroughAQuickGELUModel(_ variant: String) throws {
        let pipeline = variant == "ecmt" ? "ecmt" : "sta"
        var arguments = [
            "run", "--model", Self.fixture("tiny-openai-clip"), "--images", Self.fixture("images"), "--image-classes",
            Self.fixture("image-classes"), "--pipeline", pipeline, "--T", "2,16", "--format", "json", "--quiet",
        ]
        if variant == "sta" { arguments += ["--group-operators", "released"] }
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONParser.parse(result.stdout)
        #expect(json["family"]?.stringValue == "openai-clip")
        #expect(json["pooling"]?.stringValue == "cls, final LayerNorm")
        #expect(json["preprocessing"]?.stringValue?.hasPrefix("resize shortest edge 16 (bicubic), centre crop 16×16") == true)
        // The 7 decodable images of Fixtures/images (bad/ is a subfolder, not read) and the task's 8.
        let samples = try #require(json["result"]?["samples"]?.arrayValue).compactMap(\.stringValue)
        #expect(samples.count == 15 && samples.first == "image.0" && samples.last == "classified.7")
        let task = try #require(json["task"])
        #expect(task["metric"]?.stringValue == "accuracy")
        #expect(task["task"]?.stringValue == "image-classes")
        #expect(task["snn"]?.arrayValue?.count == 2)
        // The error shrinks with T on every layer.
        let steps = try #require(json["result"]?["steps"]?.arrayValue)
        for layer in 0..<2 {
            let rms = steps.compactMap { $0["layers"]?.arrayValue?[layer]["rms"]?.rationalValue?.doubleValue() }
            #expect(rms.count == 2 && rms[1] < rms[0], "\(pipeline) layer \(layer): \(rms)")
        }
        if pipeline == "sta" {
            // STA's released GELU operator was fitted to QuickGELU: it is measured against it; the
            // interpolant is QuickGELU's.
            let operators = try #require(json["operatorErrors"]?.arrayValue)
            let gelu = try #require(operators.first { $0["function"]?.stringValue == "quickgelu" })
            #expect((gelu["operatorName"]?.stringValue == "distilled_gelu_64") == (variant == "sta"), "\(gelu)")
            #expect(!operators.contains { $0["function"]?.stringValue == "gelu" })
        }
    }

    /// A second named report on a vision model: both pipelines, the image task, the folders
    /// hashed into the provenance.
    @Test func aVisionModelGetsItsOwnNamedReport() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vision-report-\(UUID().uuidString)")
        let result = try CommandRunner.run(
            [
                "report", "--model", "Fixtures/tiny-openai-clip", "--images", "Fixtures/images", "--image-classes", "Fixtures/image-classes",
                "--name", "tiny-clip", "--T", "2,16", "--a-priori", "none", "--certify", "1", "--quiet", "--out", out.path,
            ], in: RepositoryFiles.root)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONParser.parse(bytes: Array(try Data(contentsOf: out.appendingPathComponent("report.json"))))
        #expect(json["name"]?.stringValue == "tiny-clip")
        let pipelines = try #require(json["pipelines"]?.arrayValue)
        #expect(pipelines.count == 2)
        for p in pipelines {
            let tasks = try #require(p["tasks"]?.arrayValue)
            #expect(tasks.count == 1 && tasks[0]["task"]?.stringValue == "image-classes" && tasks[0]["metric"]?.stringValue == "accuracy")
        }
        let hashes = json["provenance"]?["model"]?["sha256"]
        #expect(hashes?["model.safetensors"]?.stringValue?.count == 64 && hashes?["images"]?.stringValue?.count == 64)
    }

    @Test func badImageInputsGetOneLineErrors() throws {
        let cases: [([String], String)] = [
            (["--model", Self.fixture("tiny-openai-clip"), "--images", Self.fixture("images/bad")], "not-an-image.png: not a PNG or JPEG image"),
            (["--model", Self.fixture("minilm-l6"), "--images", Self.fixture("images")], "not a vision checkpoint with patch embeddings"),
            (["--model", Self.fixture("tiny-timm-vit"), "--images", Self.fixture("images/china.png")], "not a folder of images"),
            (["--model", Self.fixture("tiny-timm-vit"), "--image-classes", Self.fixture("images")], "at least 2 class folders"),
            (["--model", Self.fixture("tiny-timm-vit"), "--images", Self.fixture("images"), "--texts", Self.fixture("images/PROVENANCE.md")],
             "give one of --inputs, --texts and --images"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(["run"] + arguments + ["--T", "2", "--quiet"])
            #expect(result.status != 0)
            let lines = result.stderr.split(separator: "\n").filter { !$0.isEmpty }
            #expect(lines.count == 1 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
