import ExactArithmetic
import Foundation
import ModelIO
import Testing

/// `spikebound bound` and `spikebound audit-group`, run as a user would.
@Suite struct BoundCommandTests {
    /// The JSON table: one row per T, bounds that fall like 1/T on a non-saturating domain, and
    /// a search that finds no violation.
    @Test func neuronBoundTableInJSON() throws {
        let result = try CommandRunner.run([
            "bound", "multi-threshold", "--domain", "[-2,2]", "--lambda", "1/8", "--T", "1,4,16", "--search", "10", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONParser.parse(result.stdout)
        let rows = try #require(json["rows"]?.arrayValue)
        #expect(rows.map { $0["T"]?.rationalValue } == [1, 4, 16])
        let bounds = try rows.map { try Rational(parsing: try #require($0["bound"]?.stringValue)) }
        #expect(bounds[1] * Rational(4) == bounds[2] * Rational(16))  // c/T on this domain
        for row in rows { #expect((row["worstRatio"]?.rationalValue ?? 2) <= 1) }
        #expect(json["findings"]?.arrayValue?.isEmpty == true)
    }

    @Test func saturationIsAFinding() throws {
        let result = try CommandRunner.run(["bound", "if", "--threshold", "1", "--domain", "[0,3]", "--T", "1,100"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("finding: saturation"))
    }

    @Test func groupAndCompensationTables() throws {
        let group = try CommandRunner.run(["bound", "group", "--group", "sqrtinv", "--domain", "[0.2,1]", "--T", "8,32"])
        #expect(group.status == 0, "\(group.stderr)")
        #expect(group.stdout.contains("supError") && group.stdout.contains("quantisation"))
        let ec = try CommandRunner.run(["bound", "ec", "--function", "gelu", "--domain", "[-4,4]", "--lambda", "1/16", "--T", "4,64"])
        #expect(ec.status == 0, "\(ec.stderr)")
        #expect(ec.stdout.contains("lipschitz"))
    }

    /// The audit finds the released 1/x inaccurate below 2 and exits 1; it passes GELU on [−4, 4].
    @Test func auditGroupExitCodes() throws {
        let inv = try CommandRunner.run(["audit-group", "inv", "--domain", "[0.25,64]", "--quiet", "--format", "json"])
        #expect(inv.status == 1)
        let json = try JSONParser.parse(inv.stdout)
        let failing = try #require(json["failingDomains"]?.arrayValue)
        #expect(failing.count >= 1)
        #expect(inv.stderr.contains("not accurate"))
        let gelu = try CommandRunner.run(["audit-group", "gelu", "--domain", "[-4,4]", "--cells", "4", "--quiet"])
        #expect(gelu.status == 0, "\(gelu.stderr)")
        #expect(gelu.stdout.contains("fails on: no cell"))
    }

    @Test(arguments: [
        (["bound", "if", "--domain", "[1,0]"], "empty interval"),
        (["bound", "if", "--domain", "[0,1]", "--threshold=-1"], "must be > 0"),
        (["bound", "if", "--domain", "[0,1]", "--T", "0"], "T must be ≥ 1"),
        (["bound", "if", "--domain", "[0,nan]"], "--domain"),
        (["bound", "ec", "--domain", "[0,1]"], "needs --function"),
        (["bound", "ec", "--domain", "[-1,1]", "--function", "reciprocal"], "without 0"),
        (["bound", "group", "--domain", "[0,1]", "--group", "/no/such.json"], "no such file"),
        (["audit-group", "inv", "--domain", "[0,4]", "--quiet"], "without 0"),
        (["audit-group", "gelu", "--domain", "[1,1]", "--quiet"], "single point"),
    ])
    func badInputIsOneLineWithExitCode2(_ arguments: [String], _ message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
    }
}
