import ExactArithmetic
import Foundation
import PropertyTestSupport
import ModelIO
@testable import SpikeBoundCLI
import Testing

@Suite("spikebound simulate")
struct SimulateCommandTests {
    static var fixtures: URL {
        RepositoryFiles.url("Fixtures")
    }

    func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spec-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test(arguments: ["multi-threshold", "expectation-compensation", "spike-product", "signed-burst", "group-operator"])
    func examplesRun(_ name: String) throws {
        let path = Self.fixtures.appendingPathComponent("examples/\(name).json").path
        let result = try CommandRunner.run(["simulate", "--spec", path])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONParser.parse(result.stdout)
        #expect(document["outputs"]?.arrayValue?.isEmpty == false)
        #expect(document["state"]?["steps"] != nil)
    }

    /// A golden case fed in directly (with "operator" and "arithmetic" added) reproduces the
    /// reference outputs: exactly for the dyadic multi-threshold and product cases.
    @Test(arguments: [("multi-threshold.json", "multi-threshold"), ("spike-product-ecmt.json", "spike-product-ecmt"),
                      ("spike-product-sta.json", "spike-product-sta"), ("signed-burst-neuron.json", "signed-burst-neuron")])
    func goldenCasesThroughTheCommand(_ file: String, _ operatorName: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Self.fixtures.appendingPathComponent("oracle/\(file)").path))
        let cases = try #require(try JSONParser.parse(bytes: Array(data))["cases"]?.arrayValue)
        for c in cases.prefix(6) {
            guard case .object(var members) = c else { continue }
            members.append(.init("operator", .string(operatorName)))
            members.append(.init("arithmetic", .string("double")))
            // signed-burst-neuron defaults to the reference's guard: the case goes in unchanged.
            let spec = JSONValue.object(members)
            let output = try Simulation(spec, baseDirectory: Self.fixtures).run()
            let ours = flatten(output["outputs"]).map { try! Rational(parsing: $0) }
            let golden = flatten(c["outputs"]).map { try! Rational(parsing: $0) }
            #expect(ours.count == golden.count)
            for (o, g) in zip(ours, golden) {
                #expect((o - g).magnitude <= (try Rational(parsing: "1e-13")) * Swift.max(.one, g.magnitude), "\(file): \(o) vs \(g)")
            }
        }
    }

    func flatten(_ value: JSONValue?) -> [String] {
        switch value {
        case .array(let items)?: return items.flatMap { flatten($0) }
        case .number(let text)?: return [text]
        case .string(let text)?: return [text]
        default: return []
        }
    }

    @Test func burstGuardDefaults() throws {
        let steps = #""steps": [[0.75], [-1.5]]"#
        for (name, guardName, memory) in [("signed-burst", "exact", "0"), ("signed-burst-neuron", "1/100000", "-1/2")] {
            let path = try write(#"{"operator": "\#(name)", "parameters": {"threshold": 1}, \#(steps)}"#)
            let document = try JSONParser.parse(try SimulateCommand.parse(["--spec", path]).render())
            #expect(document["state"]?["burstGuard"] == .string(guardName))
            #expect(document["state"]?["memory"] == .array([.string(memory)]))
        }
    }

    @Test func exactOutputsAreRationalStrings() throws {
        let path = try write(#"{"operator": "if", "parameters": {"threshold": 0.1}, "steps": [[0.05], [0.05], [0.3]]}"#)
        let out = try SimulateCommand.parse(["--spec", path]).render()
        let document = try JSONParser.parse(out)
        // 0.1 is read as 1/10 exactly: two steps of 0.05 reach the threshold exactly (ties fire).
        #expect(document["outputs"] == .array([.array([.string("0")]), .array([.string("1/10")]), .array([.string("1/10")])]))
        #expect(document["state"]?["membrane"] == .array([.string("1/5")]))
    }

    @Test(arguments: [
        ("{", "JSON line"),
        (#"[1, 2]"#, "object"),
        (#"{"parameters": {}, "steps": [[1]]}"#, "operator: missing"),
        (#"{"operator": "nope", "steps": [[1]]}"#, "operator"),
        (#"{"operator": "if", "parameters": {"threshold": -1}, "steps": [[1]]}"#, "parameters.threshold"),
        (#"{"operator": "if", "parameters": {"threshold": "1"}, "steps": [[1]]}"#, "parameters.threshold"),
        (#"{"operator": "if", "parameters": {"threshold": 1}, "steps": []}"#, "T ≥ 1"),
        (#"{"operator": "if", "parameters": {"threshold": 1, "treshold": 2}, "steps": [[1]]}"#, "parameters.treshold"),
        (#"{"operator": "if", "parameters": {"threshold": 1}, "steps": [[1, 2], [1]]}"#, "steps[1]"),
        (#"{"operator": "if", "parameters": {"threshold": 1}, "steps": [[1, [2]]]}"#, "steps[0]"),
        (#"{"operator": "if", "parameters": {"threshold": NaN}, "steps": [[1]]}"#, "NaN"),
        (#"{"operator": "multi-threshold", "parameters": {"lambdaPositive": 1, "lambdaNegative": 1, "levels": 0}, "steps": [[1]]}"#, "levels"),
        (#"{"operator": "multi-threshold", "parameters": {"lambdaPositive": 1, "lambdaNegative": 1, "levels": 2, "rule": "round"}, "steps": [[1]]}"#, "parameters.rule"),
        (#"{"operator": "spike-product", "steps": [{"a": [[1, 2]], "b": [[1, 2]]}]}"#, "matmul"),
        (#"{"operator": "spike-product", "steps": [{"a": [[1]]}]}"#, "steps[0].b"),
        (#"{"operator": "expectation-compensation", "parameters": {"function": "layernorm", "gamma": [1], "beta": [0]}, "steps": [[1, 2]]}"#, "LayerNorm"),
        (#"{"operator": "expectation-compensation", "parameters": {"function": "reciprocal"}, "steps": [[0]]}"#, "steps[0]"),
        (#"{"operator": "group-operator", "parameters": {"file": "missing.json"}, "steps": [[1]]}"#, "parameters.file"),
        (#"{"operator": "if", "arithmetic": "float", "parameters": {"threshold": 1}, "steps": [[1]]}"#, "arithmetic"),
    ])
    func badSpecsGiveOneLineAndExitCode2(_ spec: String, _ mentions: String) throws {
        let path = try write(spec)
        let result = try CommandRunner.run(["simulate", "--spec", path])
        #expect(result.status == 2, "\(spec): exit \(result.status), \(result.stdout)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(mentions), "\(spec): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func missingSpecFile() throws {
        let result = try CommandRunner.run(["simulate", "--spec", "/nonexistent/spec.json"])
        #expect(result.status == 2)
        #expect(result.stderr == "spikebound: error: --spec: /nonexistent/spec.json: no such file\n")
    }
}
