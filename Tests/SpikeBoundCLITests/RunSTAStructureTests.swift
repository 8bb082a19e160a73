import Foundation
import ModelIO
import PropertyTestSupport
import SpikingPipelines
import Studies
import Testing

/// `run --pipeline sta --sta-structure public`: the released STA code's structure from the
/// command line, on the text and vision fixtures.
@Suite struct RunSTAStructureTests {
    @Test(arguments: ["tiny-bert", "tiny-vit", "tiny-dinov2"])
    func thePublicStructureRunsAndSaysSo(model: String) throws {
        let result = try CommandRunner.run([
            "run", "--model", RepositoryFiles.url("Fixtures/\(model)").path, "--pipeline", "sta", "--sta-structure", "public",
            "--T", "1,8", "--format", "json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONParser.parse(result.stdout)
        let settings = try #require(json["settings"])
        #expect(settings["structure"]?.stringValue == "public")
        // The released code calibrates at the T it runs: the largest T by default.
        #expect(settings["calibrationT"]?.stringValue == "8")
        let steps = try #require(json["result"]?["steps"]?.arrayValue)
        #expect(steps.count == 2)
        let rates = try #require(steps[1]["firingRates"]?.arrayValue?.first)
        #expect(rates["norm1-output"] != nil && rates["projection-input"] != nil && rates["attention-probabilities"] != nil)
        #expect(rates["query"] == nil && rates["fc2-input"] == nil)
    }

    @Test func theSpikeboundStructureStaysTheDefault() throws {
        let result = try CommandRunner.run([
            "run", "--model", RepositoryFiles.url("Fixtures/tiny-bert").path, "--pipeline", "sta", "--T", "1,8",
            "--burst-rule", "public-guard", "--calibration-T", "4", "--format", "json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let settings = try #require(try JSONParser.parse(result.stdout)["settings"])
        #expect(settings["structure"]?.stringValue == "spikebound")
        #expect(settings["burstRule"]?.stringValue == "public-guard")
        #expect(settings["calibrationT"]?.stringValue == "4")
    }

    @Test func anInvalidReleasedOperatorIsReplacedAndNamed() throws {
        let result = try CommandRunner.run([
            "run", "--model", RepositoryFiles.url("Fixtures/tiny-bert").path, "--pipeline", "sta", "--sta-structure", "public",
            "--group-operators", "released", "--T", "2",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("The released rsqrt operator (distilled_sqrtinv_8) was off by"))
        // The fixture's LayerNorm variances reach 1.8, beyond the released 1/√x's reach.
        #expect(result.stderr.contains("the released rsqrt operator (distilled_sqrtinv_8) is off by up to"))
        #expect(result.stderr.contains("the public structure uses the interpolant instead"))
    }

    @Test(arguments: [
        (["run", "--pipeline", "sta", "--sta-structure", "public", "--bounds"], "--bounds covers STA's spikebound structure only"),
        (["report", "--sta-structure", "public"], "the bounds cover STA's spikebound structure only"),
        (["run", "--sta-structure", "released"], "--sta-structure"),
        (["run", "--pipeline", "sta", "--burst-rule", "public-guard", "--bounds"], "--bounds holds for the exact burst rule only"),
        (["report", "--burst-rule", "public-guard"], "the bounds hold for the exact burst rule only"),
        (["run", "--burst-rule", "guard"], "--burst-rule"),
        (["run", "--released-tolerance", "0"], "--released-tolerance"),
    ])
    func badSettingsAreRefusedInOneLine(arguments: [String], names: String) throws {
        let result = try CommandRunner.run(arguments + ["--model", RepositoryFiles.url("Fixtures/tiny-bert").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains(names), "\(result.stderr)")
    }

    /// Below the command line too: a study that would certify or bound the public structure, or
    /// STA with the public burst guard, refuses, rather than bound another network in its place.
    @Test func aStudyRefusesToBoundThePublicStructure() throws {
        let inputs = try StudyInputs(model: RepositoryFiles.url("Fixtures/tiny-bert").path, options: InputSelection(inputsLimit: 1))
        var configuration = PipelineConfiguration(kind: .sta)
        configuration.staStructure = .public
        #expect(throws: StudyError("the bounds cover STA's spikebound structure only, not the public one (docs/sta-structures.md)")) {
            try PipelineStudy.run(inputs, plan: StudyPlan(configuration: configuration, steps: [2], certificates: true))
        }
        let plain = try PipelineStudy.run(inputs, plan: StudyPlan(configuration: configuration, steps: [2], certificates: false))
        #expect(plain.result.steps.count == 1)
        var guarded = PipelineConfiguration(kind: .sta)
        guarded.burstRule = .publicGuard
        #expect(throws: StudyError("the bounds hold for the exact burst rule only, not public-guard (proofs/bounds/B-SB.md)")) {
            try PipelineStudy.run(inputs, plan: StudyPlan(configuration: guarded, steps: [2], certificates: true))
        }
    }
}
