import Bounds
import ExactArithmetic
import Foundation
import ModelIO
import SpikingOperators
import Tensors

/// The rows `spikebound bound` prints: per T, the bound and the quantities it is made of.
struct BoundTable: Encodable {
    struct Row: Encodable {
        let T: Int
        /// The certified bound, exact.
        let bound: String
        /// The bound rounded up to 6 significant digits.
        let boundDecimal: String
        /// Named parts (input error, Lipschitz constant, sup|g − f|, …), rounded up.
        let parts: [String: String]
        /// The search's worst observed/bound, when --search was given.
        let worstRatio: Double?
        let worstInputs: [String]?
    }

    let operatorName: String
    let domain: String
    let description: String
    let rows: [Row]
    let findings: [String]

    static func up(_ x: Rational) -> String { x.decimalString(significantDigits: 6, .up) }

    static func compute(_ command: BoundCommand) throws -> BoundTable {
        let domain = try command.parsedDomain()
        let grid = try StepGrid.parse(command.steps)
        var rows = [Row]()
        var findings = [String]()
        var description = ""
        try InputError.fromBounds {
            switch command.op {
            case .integrateAndFire, .signedIntegrateAndFire, .multiThreshold, .burst:
                let model = try command.neuron()
                let bound = try model.bound(over: domain)
                description = "\(model.name): |mean error| ≤ min(\(bound.closedForm), the reachable-membrane bound)"
                findings = bound.findings.map(\.description)
                var rng = SplitMix(state: command.seed)
                let values = try bound.values(at: grid)
                for (t, b) in zip(grid, values) {
                    var ratio: Double? = nil, inputs: [String]? = nil
                    if command.search > 0 {
                        let worst = try NeuronSearch(model: model, domain: domain, steps: t).worst(rounds: command.search, using: &rng)
                        ratio = worst.ratio.ratio
                        inputs = t <= 16 ? worst.inputs.map(\.description) : nil
                        if !worst.ratio.isSound { findings.append("UNSOUND at T = \(t): observed \(up(worst.ratio.observed)) > bound \(up(b))") }
                    }
                    rows.append(Row(T: t, bound: b.description, boundDecimal: up(b), parts: [:], worstRatio: ratio, worstInputs: inputs))
                }
            case .ec, .softmax, .product:
                let upstream = try command.neuron()
                let neuronBound = try upstream.bound(over: domain)
                findings = neuronBound.findings.map(\.description)
                let fixed = try command.inputError.map { try command.number($0, "input-error") }
                if let fixed, fixed.sign < 0 { throw InputError("--input-error must be ≥ 0, got \(fixed)") }
                description = fixed == nil ? "input error e(T) from the \(upstream.name): min(\(neuronBound.closedForm), the reachable-membrane bound)" : "fixed input error e = \(fixed!)"
                // The bound from the input error e, and the parts worth printing beside it.
                let combine: (Rational) throws -> (Rational, [String: String])
                switch command.op {
                case .ec:
                    let f = try InputParsing.function(command.function, default: nil, for: "ec")
                    combine = { e in
                        // m_T and m* both lie in the domain widened by e (B-EC).
                        let (bound, lipschitz) = try CompensationBound.elementwiseParts(
                            f, domain: try Interval(domain.lo - e, domain.hi + e), inputError: e)
                        return (bound, ["lipschitz": up(lipschitz.upper),
                                        "lipschitzLower": lipschitz.lower.decimalString(significantDigits: 6, .down)])
                    }
                case .softmax:
                    combine = { e in (try CompensationBound.softmax(inputError: e), [:]) }
                default:
                    combine = { e in
                        (try ProductBound.scalar(inner: command.inner, a: domain.magnitude, b: domain.magnitude, errorA: e, errorB: e), [:])
                    }
                }
                let errors = try fixed.map { e in grid.map { _ in e } } ?? neuronBound.values(at: grid)
                for (t, e) in zip(grid, errors) {
                    let (b, parts) = try combine(e)
                    rows.append(Row(T: t, bound: b.description, boundDecimal: up(b), parts: parts.merging(["inputError": up(e)]) { $1 },
                                    worstRatio: nil, worstInputs: nil))
                }
            case .group:
                guard let name = command.group else { throw InputError("group needs --group NAME|FILE") }
                let (g, known) = try GroupOperatorLibrary.load(name)
                let f = try InputParsing.function(command.function, default: known, for: g.name)
                let sup = try GroupApproximation.supError(g, f, over: domain)
                let thresholds = SpikingGroupOperator<Rational>.domainThresholds(g, domain: domain.lo, domain.hi)
                let quantisation = try SpikingGroupBound(g, thresholds: thresholds, domain: domain)
                findings = quantisation.findings.map(\.description)
                description = "\(g.name) against \(f.rawValue): certified sup|g − f| in [\(sup.lower.decimalString(significantDigits: 6, .down)), \(up(sup.upper))] (witness x = \(sup.witness.decimalString(significantDigits: 8, .toNearestEven))), plus the spiking quantisation"
                for t in grid {
                    let q = try quantisation.value(at: t, mutation: nil)
                    let b = sup.upper + q
                    rows.append(Row(T: t, bound: b.description, boundDecimal: up(b),
                                    parts: ["supError": up(sup.upper), "quantisation": up(q)], worstRatio: nil, worstInputs: nil))
                }
            }
        }
        return BoundTable(operatorName: command.op.rawValue, domain: domain.description, description: description, rows: rows, findings: findings)
    }

    func text() -> String {
        var out = "\(description)\ndomain \(domain)\n"
        let partNames = Array(Set(rows.flatMap { $0.parts.keys })).sorted()
        let hasSearch = rows.contains { $0.worstRatio != nil }
        var header = ["T".padding(7), "bound".padding(14)] + partNames.map { $0.padding(16) }
        if hasSearch { header.append("worst observed/bound") }
        out += header.joined() + "\n"
        for row in rows {
            var line = [String(row.T).padding(7), row.boundDecimal.padding(14)] + partNames.map { (row.parts[$0] ?? "").padding(16) }
            if let r = row.worstRatio { line.append(String(format: "%.4f", r)) }
            out += line.joined() + "\n"
        }
        for f in findings { out += "finding: \(f)\n" }
        return out
    }

    func json() throws -> String {
        try JSONOutput.encode(self)
    }
}
