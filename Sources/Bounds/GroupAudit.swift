import ExactArithmetic
import SpikingOperators

/// Where a group operator is accurate. The domain is cut into cells; on each the certified
/// sup|g − f| (B-GA) is compared with the tolerance τ(x) = absolute + relative·|f(x)|:
/// - pass: sup|g − f| ≤ absolute + relative·inf|f| over the cell, so |g − f| ≤ τ everywhere;
/// - fail: some point has |g − f| > τ (certified at the witness);
/// - undecided: neither could be shown at the precision used.
public struct GroupAudit: Sendable {
    public enum Status: String, Sendable, Codable {
        case pass, fail, undecided
    }

    public struct Cell: Sendable {
        public let domain: Interval
        public let error: CertifiedSup
        /// inf|f| and sup|f| over the cell (certified enclosure ends).
        public let smallestValue: Rational
        public let largestValue: Rational
        public let status: Status
    }

    public let operatorName: String
    public let function: ElementaryFunction
    public let domain: Interval
    public let absoluteTolerance: Rational
    public let relativeTolerance: Rational
    public let cells: [Cell]

    /// Maximal runs of consecutive passing cells: the domains where the operator is accurate.
    public var accurateDomains: [Interval] { runs(of: .pass) }
    /// Maximal runs of failing cells.
    public var failingDomains: [Interval] { runs(of: .fail) }
    /// The certified sup|g − f| over the whole domain (the largest cell enclosure).
    public var overall: (lower: Rational, upper: Rational) {
        (cells.map(\.error.lower).max() ?? .zero, cells.map(\.error.upper).max() ?? .zero)
    }

    func runs(of status: Status) -> [Interval] {
        var result = [Interval]()
        var start: Rational? = nil, end = Rational.zero
        for cell in cells {
            if cell.status == status {
                if start == nil { start = cell.domain.lo }
                end = cell.domain.hi
            } else if let s = start {
                result.append((try? Interval(s, end)) ?? Interval(s))
                start = nil
            }
        }
        if let s = start { result.append((try? Interval(s, end)) ?? Interval(s)) }
        return result
    }

    /// Audits g against f over the domain with `cells` cells: geometric when 0 < a and b/a ≥ 16
    /// (1/x, 1/√x over several octaves), equal otherwise.
    public static func run(
        _ g: GroupOperator, _ f: ElementaryFunction, over domain: Interval, cells count: Int = 24,
        absoluteTolerance: Rational = .fraction(1, 100), relativeTolerance: Rational = .fraction(5, 100),
        bits: Int = 64, progress: ((Int, Int) -> Void)? = nil
    ) throws -> GroupAudit {
        guard count >= 1 && count <= 10_000 else { throw BoundError.invalidParameter("cells \(count) must be in 1…10000") }
        guard absoluteTolerance.sign >= 0, relativeTolerance.sign >= 0 else {
            throw BoundError.invalidParameter("tolerances must be ≥ 0")
        }
        guard !domain.isPoint else { throw BoundError.domain("the audit domain \(domain) is a single point") }
        try Lipschitz.checkDomain(f, domain)
        let edges = try cellEdges(domain, count)
        var cells = [Cell]()
        for j in 0..<(edges.count - 1) {
            progress?(j, edges.count - 1)
            let cell = try Interval(edges[j], edges[j + 1])
            let error = try GroupApproximation.supError(g, f, over: cell, maxPieces: 512, bits: bits)
            let range = try f.enclose(cell, bits: bits)
            let allowedEverywhere = absoluteTolerance + relativeTolerance * range.mignitude
            let atWitness = try f.enclose(Interval(error.witness), bits: bits)
            let status: Status
            if error.upper <= allowedEverywhere {
                status = .pass
            } else if error.lower > absoluteTolerance + relativeTolerance * atWitness.magnitude {
                status = .fail
            } else {
                status = .undecided
            }
            cells.append(Cell(domain: cell, error: error, smallestValue: range.mignitude, largestValue: range.magnitude, status: status))
        }
        return GroupAudit(
            operatorName: g.name, function: f, domain: domain, absoluteTolerance: absoluteTolerance,
            relativeTolerance: relativeTolerance, cells: cells)
    }

    /// Cell edges: geometric (rounded to float32, ends exact) when 0 < a and b/a ≥ 16, else equal.
    static func cellEdges(_ domain: Interval, _ count: Int) throws -> [Rational] {
        if domain.lo.sign > 0, domain.hi >= domain.lo * Rational(16) {
            return try Interpolants.geometricKnots(domain.lo, domain.hi, intervals: count)
        }
        return try GroupOperator.uniformKnots(domain.lo, domain.hi, intervals: count)
    }
}
