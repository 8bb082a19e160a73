import ArgumentParser
import ExactArithmetic
import SpikingPipelines

/// How many inputs' domains each pipeline bounds a priori: `none`, `N` (every pipeline), or
/// `PIPELINE:N,…` (a bare pipeline name means 1). One grammar for `run` and `report`.
struct APrioriCounts: ExpressibleByArgument, Equatable, Sendable, CustomStringConvertible {
    /// nil: the same N for every pipeline.
    var all: Int?
    var byPipeline: [PipelineKind: Int]

    static let none = APrioriCounts(all: 0, byPipeline: [:])

    init(all: Int?, byPipeline: [PipelineKind: Int]) {
        self.all = all
        self.byPipeline = byPipeline
    }

    init?(argument: String) {
        guard let parsed = try? Self.parse(argument) else { return nil }
        self = parsed
    }

    static func parse(_ text: String) throws -> APrioriCounts {
        if text == "none" { return .none }
        if let n = Int(text) {
            guard n >= 0 else { throw ValidationError("N must be ≥ 0, got \(n)") }
            return APrioriCounts(all: n, byPipeline: [:])
        }
        var out = [PipelineKind: Int]()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let kind = PipelineKind(rawValue: parts[0]), parts.count <= 2 else {
                throw ValidationError("'\(item)' is not PIPELINE:N (ecmt:1, sta:1), N or none")
            }
            let count = parts.count == 2 ? Int(parts[1]) : 1
            guard let count, count >= 0 else { throw ValidationError("'\(item)': N must be an integer ≥ 0") }
            out[kind] = count
        }
        return APrioriCounts(all: nil, byPipeline: out)
    }

    func count(for kind: PipelineKind) -> Int { all ?? byPipeline[kind] ?? 0 }

    var isNone: Bool { all == 0 || (all == nil && byPipeline.values.allSatisfy { $0 == 0 }) }

    var description: String {
        if isNone { return "none" }
        if let all { return "\(all)" }
        return byPipeline.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue):\($0.value)" }.joined(separator: ",")
    }

    var defaultValueDescription: String { description }
}

/// The T grid and the certificates, shared by `run` and `report` and parsed once. Where the two
/// commands' defaults differ, the help says both.
struct AnalysisOptions: ParsableArguments {
    @Option(name: .customLong("T"), help: ArgumentHelp(
        "The time steps, comma-separated, each in 1…100000 (default: run 1,4,16,64; report 1,2,4,8,16,32,64). One run of T_max steps per input gives every listed T (the prefix property).",
        valueName: "T,…"), transform: StepGrid.values)
    var steps: [Int]?

    @Option(name: .customLong("a-priori"), help: ArgumentHelp(
        "Bound the error a priori over the domains of the first N inputs (each input ± --margin per entry): N for every pipeline, PIPELINE:N,…, or none (default: run none; report ecmt:1,sta:1). ECMT: B-NET through centred forms about the exact ANN (B-CF), about 15 s per MiniLM input with a release build; STA: B-STA through centred forms about F̃ and the exact ANN (B-CF-STA), about 17 s, in intervals at --bits bits only where those radii overflow. With --margin > 0 the bound is also set beside the worst error of 16 points of the domain.",
        valueName: "N|PIPELINE:N,…|none"), transform: APrioriCounts.parse)
    var aPriori: APrioriCounts?

    @Option(help: ArgumentHelp("The half-width of each input entry's box in the a priori domains, a number ≥ 0 such as 0, 1e-3 or 1/64 (default 0: the input itself).", valueName: "M"),
        transform: AnalysisOptions.parseMargin)
    var margin: Rational?

    @Option(help: ArgumentHelp(
        "Certify the error of the first N inputs (or all) against the exact ANN at every T and layer (B-CERT: the ANN enclosed in Arb balls at 192 bits; about 1.6 s per MiniLM sentence on 2 cores with a release build) (default: run 0; report all).",
        valueName: "N|all"))
    var certify: InputCount?

    @Option(help: ArgumentHelp("Attribute the first N inputs' errors to neuron sites (B-ATTR; one partial forward per site and T) (default 1).", valueName: "N"))
    var attribute: Int?

    @Option(help: "The precision, in bits, of the certified interval runs (--rounding-check, and STA's a priori analysis where its centred forms overflow).")
    var bits = 64

    @Flag(help: "Bound the Double reference's floating-point rounding with a certified run on the first input (about 2 min on MiniLM).")
    var roundingCheck = false

    static func parseMargin(_ text: String) throws -> Rational {
        let value: Rational
        do { value = try Rational(parsing: text) } catch { throw ValidationError("\(error)") }
        guard value.sign >= 0 else { throw ValidationError("must be ≥ 0, got \(text)") }
        return value
    }

    func validate() throws {
        if let attribute, attribute < 0 { throw ValidationError("--attribute must be ≥ 0, got \(attribute)") }
        guard (16...Precision.maximumBits).contains(bits) else {
            throw ValidationError("--bits must be between 16 and \(Precision.maximumBits), got \(bits)")
        }
    }

    /// The margin as given, for settings and replays ("0" when not given).
    var marginText: String { margin.map { "\($0)" } ?? "0" }
}
