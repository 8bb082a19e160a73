import ExactArithmetic
import Foundation
@testable import SpikeBoundCLI
import Testing

@Suite("spikebound enclose")
struct EncloseCommandTests {
    /// The "lo = p/q" and "hi = p/q" lines of the text output, parsed back.
    func endpoints(_ text: String) throws -> [Interval] {
        let values = text.split(separator: "\n").compactMap { line -> Rational? in
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].hasSuffix("lo    ") || parts[0].hasSuffix("hi    ") else { return nil }
            return try? Rational(parsing: String(parts[1]))
        }
        return try stride(from: 0, to: values.count, by: 2).map { try Interval(values[$0], values[$0 + 1]) }
    }

    @Test func erfOfOneThirdAt200Bits() throws {
        let command = try EncloseCommand.parse(["erf", "1/3", "--bits", "200"])
        let output = try command.render()
        let y = try #require(try endpoints(output).first)
        // erf(1/3) from mpmath to 60 digits.
        let reference = try Rational(parsing: "0.362648111766062933408178640147865879692141590372537239240018594")
        let unit = try Rational(parsing: "1e-63")
        #expect(y.lo <= reference + unit && reference - unit <= y.hi)
        #expect(y.width < Rational.powerOfTwo(-200))
        #expect(output.contains("lo  ≥ 0.36264811176606293340817864014786587969214159037253723924001"))
    }

    @Test func textDecimalsAreOutwardRounded() throws {
        let output = try EncloseCommand.parse(["exp", "[-1,1]", "--bits", "30", "--digits", "12"]).render()
        let y = try #require(try endpoints(output).first)
        let lines = output.split(separator: "\n")
        let lower = try Rational(parsing: String(try #require(lines.first { $0.contains("lo  ≥") }).split(separator: "≥")[1]))
        let upper = try Rational(parsing: String(try #require(lines.first { $0.contains("hi  ≤") }).split(separator: "≤")[1]))
        #expect(lower <= y.lo && y.hi <= upper)
    }

    @Test func jsonOutput() throws {
        let output = try EncloseCommand.parse(["softmax", "1,2,[3,3.5]", "--bits", "40", "--format", "json"]).render()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(object["function"] as? String == "softmax")
        #expect(object["bits"] as? Int == 40)
        let results = try #require(object["result"] as? [[String: Any]])
        #expect(results.count == 3)
        for r in results {
            let lo = try Rational(parsing: try #require(r["lo"] as? String))
            let hi = try Rational(parsing: try #require(r["hi"] as? String))
            #expect(lo <= hi && lo.sign >= 0 && hi <= .one)
            let loDecimal = try Rational(parsing: try #require(r["loDecimal"] as? String))
            #expect(loDecimal <= lo)
        }
    }

    @Test func layerNormWithParameters() throws {
        let output = try EncloseCommand.parse(
            ["layernorm", "1,2,4", "--gamma", "1,1,2", "--beta", "0,0,1", "--epsilon", "0", "--bits", "60"]).render()
        let y = try endpoints(output)
        #expect(y.count == 3)
        // x = (1,2,4): μ = 7/3, σ² = 14/9, so y_0 = (1 − 7/3)/√(14/9) = −4/√14.
        let y0 = y[0]
        let target = try Rational(parsing: "16/14")  // y_0² = 16/14
        #expect(y0.squared.contains(target))
        #expect(y0.hi.sign < 0)
    }

    @Test(arguments: [
        ["enclose", "log", "-1"], ["enclose", "erf", "abc"], ["enclose", "erf", "1", "--bits", "0"],
        ["enclose", "nosuch", "1"], ["enclose", "erf"], ["enclose", "reciprocal", "[-1,1]"],
        ["enclose", "erf", "[2,1]"], ["enclose", "erf", "nan"], ["enclose", "exp", "1e9"],
        ["enclose", "layernorm", "1,2", "--gamma", "1"], ["enclose", "layernorm", "1,1", "--epsilon", "0"],
        ["enclose", "softmax", "1,,2"], ["enclose", "erf", "1", "--format", "xml"], ["enclose", "erf", "1/0"],
        ["nosuch"],
    ])
    func badInputGivesOneLineAndExitCode2(_ arguments: [String]) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2, "\(arguments): exit \(result.status)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("spikebound: error: "))
        #expect(result.stdout.isEmpty)
    }

    @Test func negativeInputsNeedNoDoubleDash() throws {
        let result = try CommandRunner.run(["enclose", "erf", "-0.5", "--bits", "20"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("erf(-1/2) at 20 bits"))
    }

    @Test(arguments: [["--help"], ["enclose", "--help"], ["help", "enclose"], ["--version"]])
    func helpExitsZero(_ arguments: [String]) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 0)
        #expect(!result.stdout.isEmpty)
        if arguments.contains("enclose") {
            #expect(result.stdout.contains("gelu-tanh") && result.stdout.contains("Examples"))
        }
    }
}
