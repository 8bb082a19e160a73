import ArgumentParser
import Bounds
import ExactArithmetic
import Foundation
import ModelIO

/// `spikebound audit-group FILE --domain [a,b]`: where a group operator is accurate.
struct AuditGroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit-group",
        abstract: "Certify a group operator's error against its function, cell by cell, and say where it is accurate.",
        discussion: """
            The domain is cut into cells (geometric when 0 < a and b/a ≥ 16, else equal). On each cell \
            sup|g − f| is certified by interval analysis (theorem B-GA: g is affine between its \
            breakpoints, f and f′ are enclosed, pieces are halved until the bounds meet within 1%). A cell \
            passes when |g − f| ≤ absolute + relative·|f| holds everywhere in it, fails when a point \
            certainly violates it, and is undecided otherwise.

            OPERATOR is one of STA's released operators (gelu, exp, inv, sqrtinv; the GELU one stands for \
            quickgelu) or a JSON file with W1, b1, W2, b2 (then give --function).

            Exit code: 0 when every cell passes, 1 when some cell fails or is undecided, 2 on bad input.

            Examples:
              spikebound audit-group inv --domain "[0.25,64]"
              spikebound audit-group sqrtinv --domain "[0.05,130]" --cells 32
              spikebound audit-group my_exp.json --function exp --domain "[-16,3]" --format json
            """
    )

    @Argument(help: "A released operator (gelu, exp, inv, sqrtinv) or a group-operator JSON file.")
    var source: String

    @Option(help: "The domain [a,b] to audit.")
    var domain: String

    @Option(help: "The function the operator stands for (default: the released operator's).")
    var function: String?

    @Option(help: "Number of cells.")
    var cells = 24

    @Option(help: "Absolute tolerance.")
    var absolute = "0.01"

    @Option(help: "Relative tolerance (of |f|).")
    var relative = "0.05"

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "No progress on stderr (there is none anyway when stderr is not a terminal).")
    var quiet = false

    func validate() throws {
        guard cells >= 1 && cells <= 10_000 else { throw ValidationError("--cells must be in 1…10000, got \(cells)") }
    }

    func run() throws {
        let (text, audit) = try render()
        print(text, terminator: "")
        if audit.cells.contains(where: { $0.status != .pass }) {
            throw CheckFailure(description: "\(audit.operatorName) is not accurate on all of \(audit.domain) (see the table)")
        }
    }

    func render() throws -> (String, GroupAudit) {
        let interval = try InputParsing.domain(domain, name: "--domain")
        let (g, known) = try GroupOperatorLibrary.load(source)
        let f = try InputParsing.function(function, default: known, for: g.name)
        let abs = try parse(absolute, "absolute"), rel = try parse(relative, "relative")
        // Progress only for a person at a terminal: not with --quiet, not when stderr is a file or pipe (CI).
        let quiet = self.quiet || isatty(2) == 0
        let audit = try InputError.fromBounds {
            try GroupAudit.run(g, f, over: interval, cells: cells, absoluteTolerance: abs, relativeTolerance: rel) { done, total in
                if !quiet { FileHandle.standardError.write(Data("\rspikebound: audit cell \(done + 1)/\(total)".utf8)) }
            }
        }
        if !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
        return (format == .json ? try AuditReport(audit).json() : AuditReport(audit).text(), audit)
    }

    func parse(_ text: String, _ name: String) throws -> Rational {
        let x = try InputParsing.rational(text, name: "--\(name)")
        guard x.sign >= 0 else { throw InputError("--\(name) must be ≥ 0, got \(text)") }
        return x
    }
}

/// The audit as printed: a table of cells, the accurate and failing domains.
struct AuditReport: Encodable {
    struct Cell: Encodable {
        let lo: String
        let hi: String
        let supErrorLower: String
        let supErrorUpper: String
        let smallestAbsF: String
        let status: String
    }

    let operatorName: String
    let function: String
    let domain: String
    let tolerance: String
    let overallSupError: [String]
    let accurateDomains: [String]
    let failingDomains: [String]
    let cells: [Cell]

    init(_ audit: GroupAudit) {
        let d = { (x: Rational) in x.decimalString(significantDigits: 6, .toNearestEven) }
        operatorName = audit.operatorName
        function = audit.function.rawValue
        domain = audit.domain.description
        tolerance = "|g − f| ≤ \(d(audit.absoluteTolerance)) + \(d(audit.relativeTolerance))·|f|"
        overallSupError = [audit.overall.lower.decimalString(significantDigits: 6, .down), audit.overall.upper.decimalString(significantDigits: 6, .up)]
        accurateDomains = audit.accurateDomains.map { "[\(d($0.lo)), \(d($0.hi))]" }
        failingDomains = audit.failingDomains.map { "[\(d($0.lo)), \(d($0.hi))]" }
        cells = audit.cells.map { c in
            Cell(lo: d(c.domain.lo), hi: d(c.domain.hi),
                 supErrorLower: c.error.lower.decimalString(significantDigits: 4, .down),
                 supErrorUpper: c.error.upper.decimalString(significantDigits: 4, .up),
                 smallestAbsF: c.smallestValue.decimalString(significantDigits: 4, .down), status: c.status.rawValue)
        }
    }

    func text() -> String {
        var out = "\(operatorName) against \(function) on \(domain); tolerance \(tolerance)\n"
        out += "certified sup|g − f| over the domain in [\(overallSupError[0]), \(overallSupError[1])]\n"
        out += "cell".padding(30) + "sup|g − f| in".padding(26) + "min|f|".padding(12) + "status\n"
        for c in cells {
            out += "[\(c.lo), \(c.hi)]".padding(30) + "[\(c.supErrorLower), \(c.supErrorUpper)]".padding(26) + c.smallestAbsF.padding(12) + c.status + "\n"
        }
        out += "accurate on: " + (accurateDomains.isEmpty ? "nowhere in the domain" : accurateDomains.joined(separator: ", ")) + "\n"
        out += "fails on: " + (failingDomains.isEmpty ? "no cell" : failingDomains.joined(separator: ", ")) + "\n"
        return out
    }

    func json() throws -> String {
        try JSONOutput.encode(self)
    }
}
