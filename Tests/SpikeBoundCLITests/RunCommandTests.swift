import Foundation
import ModelIO
import PropertyTestSupport
import Testing

@Suite struct RunCommandTests {
    static let model = RepositoryFiles.url("Fixtures/minilm-l6").path

    @Test func smallRunPrintsJSONWithEveryLayerAndT() throws {
        let result = try CommandRunner.run([
            "run", "--model", Self.model, "--pipeline", "ecmt", "--T", "2,1", "--inputs-limit", "3", "--format", "json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let json = try JSONParser.parse(result.stdout)
        let steps = try #require(json["result"]?["steps"]?.arrayValue)
        #expect(steps.map { $0["T"]?.rationalValue } == [1, 2])
        for step in steps {
            #expect(step["layers"]?.arrayValue?.count == 6)
            #expect(step["agreement"]?["cosines"]?.arrayValue?.count == 3)
            #expect(step["agreement"]?["rankCorrelation"]?.rationalValue != nil)
        }
        #expect(json["pipeline"]?.stringValue == "ecmt")
        #expect(json["result"]?["samples"]?.arrayValue?.count == 3)
    }

    @Test func textRunShowsTheTablesAndProgress() throws {
        let result = try CommandRunner.run(["run", "--model", Self.model, "--pipeline", "sta", "--T", "1", "--inputs-limit", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("max-abs"))
        #expect(result.stdout.contains("cos min"))
        #expect(result.stdout.contains("Group operators on the input ranges"))
        #expect(result.stderr.contains("1/1 sentence.0"))
    }

    @Test(arguments: [
        (["--T", "0"], "--T"),
        (["--T", "1,x"], "--T"),
        (["--T", ""], "--T"),
        (["--pipeline", "ann"], "pipeline"),
        (["--inputs-limit", "0"], "--inputs-limit"),
        (["--bits", "4"], "--bits"),
        (["--levels", "0"], "--levels"),
        (["--inputs", "/nonexistent/inputs.safetensors"], "inputs.safetensors"),
    ])
    func badOptionsGiveOneLineAndExitCode2(_ options: [String], _ mentions: String) throws {
        let result = try CommandRunner.run(["run", "--model", Self.model, "--quiet"] + options)
        #expect(result.status == 2, "\(options): exit \(result.status)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(mentions), "\(options): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func badModelFolders() throws {
        let missing = try CommandRunner.run(["run", "--model", "/nonexistent/model"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("not a folder"))
        let noConfig = try CommandRunner.run(["run", "--model", RepositoryFiles.url("Fixtures/bad-safetensors").path])
        #expect(noConfig.status == 2)
        #expect(noConfig.stderr.contains("config.json"), "\(noConfig.stderr)")
        let badInputs = try CommandRunner.run([
            "run", "--model", Self.model, "--inputs", RepositoryFiles.url("Fixtures/bad-safetensors/truncated-data.safetensors").path,
        ])
        #expect(badInputs.status == 2)
        #expect(badInputs.stderr.split(separator: "\n").count == 1)
        let nanInputs = try CommandRunner.run([
            "run", "--model", Self.model, "--inputs", RepositoryFiles.url("Fixtures/bad-safetensors/nan.safetensors").path,
        ])
        #expect(nanInputs.status == 2)
        #expect(nanInputs.stderr.contains("NaN"), "\(nanInputs.stderr)")
    }
}
