import ExactArithmetic
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

    /// --bounds: for ECMT the injected ANN explains the observed error up to rounding (B-INJ),
    /// every neuron site of layers ≤ l is attributed at l (B-ATTR), and only the first
    /// --attribute inputs are attributed.
    @Test func boundsCertifyAndAttribute() throws {
        let result = try CommandRunner.run([
            "run", "--model", Self.model, "--pipeline", "ecmt", "--T", "1,3", "--inputs-limit", "2", "--bounds",
            "--format", "json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONParser.parse(result.stdout)
        let certificates = try #require(json["bounds"]?["certificates"]?.arrayValue)
        #expect(try #require(json["bounds"]?["certified"]?.arrayValue).isEmpty)
        let observed = try #require(json["result"]?["steps"]?.arrayValue)
        for (k, certificate) in certificates.enumerated() {
            let steps = try #require(certificate["steps"]?.arrayValue)
            #expect(steps.map { $0["T"]?.rationalValue } == [1, 3])
            for (s, step) in steps.enumerated() {
                let layers = try #require(step["layers"]?.arrayValue)
                #expect(layers.count == 6)
                for (l, layer) in layers.enumerated() {
                    let explained = try #require(layer["injectedError"]?.rationalValue?.doubleValue())
                    let remainder = try #require(layer["remainder"]?.rationalValue?.doubleValue())
                    let worst = try #require(observed[s]["layers"]?.arrayValue?[l]["maxAbs"]?.rationalValue?.doubleValue())
                    #expect(remainder < 1e-9, "input \(k), layer \(l): remainder \(remainder)")
                    #expect(explained <= worst + 1e-9, "input \(k), layer \(l): \(explained) above the observed \(worst)")
                }
                let attributed = step["attribution"]?["layers"]?.arrayValue
                if k == 0 {
                    let attribution = try #require(attributed)
                    for (l, layer) in attribution.enumerated() {
                        #expect(layer["contributions"]?.arrayValue?.count == 8 * (l + 1))
                    }
                } else {
                    #expect(attributed == nil)
                }
            }
        }
    }

    /// --certify 1 on tiny-vit: the first input's certified error (B-CERT) brackets its error
    /// tightly and agrees with the Double certificate's explained + remainder (ECMT: the whole
    /// error up to rounding), and the second input gets none.
    @Test func certifiedErrorAgreesWithTheDoubleCertificate() throws {
        let result = try CommandRunner.run([
            "run", "--model", RepositoryFiles.url("Fixtures/tiny-vit").path, "--pipeline", "ecmt", "--T", "1,8",
            "--inputs-limit", "2", "--bounds", "--certify", "1", "--format", "json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONParser.parse(result.stdout)
        let double = try #require(json["bounds"]?["certificates"]?.arrayValue)
        let certified = try #require(json["bounds"]?["certified"]?.arrayValue)
        #expect(certified.count == 1)
        #expect(certified.first?["sample"]?.stringValue == double.first?["sample"]?.stringValue)
        #expect(try #require(certified.first?["bits"]?.rationalValue) >= Rational(186))
        let exact = try #require(certified.first?["steps"]?.arrayValue), steps = try #require(double.first?["steps"]?.arrayValue)
        #expect(exact.count == 2 && steps.count == 2)
        var compared = 0
        for (e, d) in zip(exact, steps) {
            for (le, ld) in zip(e["layers"]?.arrayValue ?? [], d["layers"]?.arrayValue ?? []) {
                let bound = try #require(le["bound"]?.rationalValue?.doubleValue())
                let lower = try #require(le["observedLower"]?.rationalValue?.doubleValue())
                let explained = try #require(ld["injectedError"]?.rationalValue?.doubleValue())
                let remainder = try #require(ld["remainder"]?.rationalValue?.doubleValue())
                #expect(lower <= bound && bound - lower <= 1e-12, "certified [\(lower), \(bound)]")
                #expect(bound <= explained + remainder + 1e-12 && bound >= explained - remainder - 1e-12,
                        "certified \(bound) against explained \(explained) ± remainder \(remainder)")
                compared += 1
            }
        }
        #expect(compared == 4)
    }

    /// --a-priori: the first input's domain gets B_l(T) at every layer and T, never below that
    /// input's own observed error (it lies in the domain); the other input gets none. With the
    /// margin, the worst error of 16 points of the domain lies between the input's and the bound.
    @Test func aPrioriBoundsCoverTheObservedError() throws {
        let result = try CommandRunner.run([
            "run", "--model", RepositoryFiles.url("Fixtures/tiny-vit").path, "--pipeline", "ecmt", "--T", "1,8",
            "--inputs-limit", "2", "--bounds", "--a-priori", "1", "--margin", "1/256", "--format", "json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONParser.parse(result.stdout)
        let domains = try #require(json["aPriori"]?.arrayValue)
        #expect(domains.count == 1)
        #expect(domains[0]["margin"]?.stringValue == "1/256")
        #expect(domains[0]["sites"]?.rationalValue == 16)
        let steps = try #require(domains[0]["steps"]?.arrayValue)
        #expect(steps.map { $0["T"]?.rationalValue } == [1, 8])
        for step in steps {
            let layers = try #require(step["layers"]?.arrayValue)
            #expect(layers.count == 2)
            for layer in layers {
                let bound = try #require(layer["bound"]?.rationalValue?.doubleValue())
                let observed = try #require(layer["observed"]?.rationalValue?.doubleValue())
                #expect(observed > 0 && observed <= bound + 1e-9, "observed \(observed), a priori \(bound)")
            }
        }
        // With a margin, the bound beside the worst error of 16 points of the domain.
        let sampled = try #require(domains[0]["domain"])
        #expect(sampled["points"]?.rationalValue == 16)
        let sampledSteps = try #require(sampled["steps"]?.arrayValue)
        for (step, worst) in zip(steps, sampledSteps) {
            for (layer, w) in zip(try #require(step["layers"]?.arrayValue), try #require(worst["layers"]?.arrayValue)) {
                let bound = try #require(layer["bound"]?.rationalValue?.doubleValue())
                let observed = try #require(layer["observed"]?.rationalValue?.doubleValue())
                let domainWorst = try #require(w["observed"]?.rationalValue?.doubleValue())
                #expect(domainWorst >= observed && domainWorst <= bound + 1e-9, "worst \(domainWorst), input \(observed), bound \(bound)")
            }
        }
        let text = try CommandRunner.run([
            "run", "--model", RepositoryFiles.url("Fixtures/tiny-vit").path, "--pipeline", "ecmt", "--T", "4",
            "--inputs-limit", "1", "--bounds", "--a-priori", "1", "--attribute", "0",
        ])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("A priori bound (B-NET)"))
        #expect(text.stderr.contains("injected means at T = 4"))
    }

    /// --a-priori with STA (B-STA): the bound covers the input's own observed error at every
    /// layer and T, and does not fall below it as T grows.
    @Test func staAPrioriBoundsCoverTheObservedError() throws {
        let result = try CommandRunner.run([
            "run", "--model", RepositoryFiles.url("Fixtures/tiny-vit").path, "--pipeline", "sta", "--T", "1,8",
            "--inputs-limit", "1", "--bounds", "--a-priori", "1", "--format", "json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONParser.parse(result.stdout)
        let domains = try #require(json["aPriori"]?.arrayValue)
        #expect(domains.count == 1)
        #expect(domains[0]["theorem"]?.stringValue == "B-STA")
        #expect(domains[0]["sites"]?.rationalValue == 16)
        let steps = try #require(domains[0]["steps"]?.arrayValue)
        #expect(steps.map { $0["T"]?.rationalValue } == [1, 8])
        for step in steps {
            for layer in try #require(step["layers"]?.arrayValue) {
                let bound = try #require(layer["bound"]?.rationalValue?.doubleValue())
                let observed = try #require(layer["observed"]?.rationalValue?.doubleValue())
                #expect(observed > 0 && observed <= bound + 1e-9, "observed \(observed), a priori \(bound)")
            }
        }
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
        (["--bounds", "--attribute", "-1"], "--attribute"),
        (["--bounds", "--top-sites", "0"], "--top-sites"),
        (["--attribute", "2"], "need --bounds"),
        (["--a-priori", "1"], "--a-priori needs --bounds"),
        (["--bounds", "--margin", "1/8"], "--margin needs --a-priori"),
        (["--bounds", "--a-priori", "1", "--margin", "-1"], "--margin"),
        (["--bounds", "--a-priori", "1", "--margin", "wide"], "--margin"),
        (["--bounds", "--a-priori", "-1"], "--a-priori"),
        (["--certify", "1"], "--certify needs --bounds"),
        (["--bounds", "--certify", "-1"], "--certify"),
        (["--bounds", "--certify", "some"], "--certify"),
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
        #expect(nanInputs.stderr.contains("holds nan at element"), "\(nanInputs.stderr)")
    }
}
