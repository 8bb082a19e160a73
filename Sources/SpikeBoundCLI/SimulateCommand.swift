import ArgumentParser
import Diagnostics
import Foundation
import ModelIO

/// `spikebound simulate --spec FILE|-`: runs one spiking operator step by step.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run one spiking operator on per-step inputs from a JSON spec, in exact, double or interval arithmetic.",
        discussion: """
            The spec is a JSON object (schema: docs/simulate.md), for example:

              {"operator": "multi-threshold", "arithmetic": "exact",
               "parameters": {"lambdaPositive": 1, "lambdaNegative": 1,
                              "levels": 4, "gap": 2, "rule": "ecmt"},
               "steps": [[7.49, -0.5], [7.5, 0.25]]}

            operator: if, multi-threshold, signed-burst, expectation-compensation, \
            spike-product or group-operator. The golden files' names signed-burst-neuron, \
            spike-product-ecmt and spike-product-sta are accepted too, so that a case from \
            them can be fed in directly.

            arithmetic: exact (rationals, with certified enclosures where a transcendental \
            function enters), double, or interval.

            JSON numbers are read as the exact decimals they spell. Exact results are printed \
            as "p/q" strings, enclosures as {"lo": "p/q", "hi": "p/q"}, doubles as numbers. \
            A malformed spec gets a one-line error naming the field, and exit code 2.

            Examples:
              spikebound simulate --spec Fixtures/examples/multi-threshold.json
              echo '{"operator": "if", "parameters": {"threshold": 1},
                     "steps": [[0.6], [0.6]]}' | spikebound simulate --spec -
            """
    )

    @Option(help: ArgumentHelp("The JSON spec: a file, or - for standard input.", valueName: "FILE|-"))
    var spec: String

    @Flag(help: "Print compact JSON on one line.")
    var compact = false

    func run() throws {
        print(try render())
    }

    func render() throws -> String {
        let data: Data
        let base: URL
        if spec == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
            base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        } else {
            do { data = try InputFile.read(URL(fileURLWithPath: spec)) } catch { throw InputError("--spec: \(error)") }
            base = URL(fileURLWithPath: spec).deletingLastPathComponent()
        }
        return try Simulation.output(spec: data, baseDirectory: base).rendered(pretty: !compact)
    }
}
