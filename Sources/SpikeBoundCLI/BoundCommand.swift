import ArgumentParser
import Bounds
import ExactArithmetic
import Foundation
import ModelIO
import SpikingOperators

/// `spikebound bound OPERATOR --domain [a,b] --T 1,2,4,…`: the certified error bound of one
/// operator against T.
struct BoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bound",
        abstract: "Print an operator's certified conversion-error bound against T.",
        discussion: """
            Every bound holds for every input sequence in the domain [a,b] (each step's input in [a,b]), \
            with V_0 = 0, in exact arithmetic. It is the mean error at T: |input mean − output mean|. \
            Proofs: proofs/bounds/ (ids B-IF, B-MT, B-SB, B-REACH, B-LIP, B-EC, B-PROD, B-GA, B-GQ).

            Operators:
              if               unsigned IF neuron (--threshold)
              if-signed        signed IF neuron (--threshold)
              multi-threshold  ECMT neuron (--lambda, --lambda-negative, --levels, --gap, --rule)
              burst            STA signed burst neuron, exact rule (--threshold, --burst-limit)
              ec               expectation compensation of --function after a multi-threshold neuron: \
            L·e(T), L a certified sup|f′| over [a − e, b + e]
              softmax          expectation-compensated softmax after multi-threshold neurons: e(T)/2
              product          compensated or temporal-corrective product of two multi-threshold \
            trains with targets in [a,b]: k·(2·max|[a,b]|·e + e²), k = --inner
              group            a group operator (--group) in spiking mode with domain thresholds: \
            certified sup|g − f| over [a,b] plus the quantisation bound at T

            Findings (saturation: inputs beyond what a neuron can emit, so the error does not vanish \
            with T; negative inputs an unsigned neuron cannot represent) are printed under the table.

            With --search N, a hill-climbing search (N rounds, seeded by --seed) looks for the input \
            sequence with the largest observed/bound at each T (neurons only) and prints the ratio.

            Examples:
              spikebound bound multi-threshold --domain "[-2,2]" --lambda 1/8 --T 1,2,4,8,16,32,64
              spikebound bound if --threshold 1 --domain "[-0.5,1.5]" --T 1,10,100 --search 50
              spikebound bound ec --function gelu --domain "[-4,4]" --lambda 1/16 --T 4,16,64
              spikebound bound group --group sqrtinv --domain "[0.2,1]" --T 8,32
            """
    )

    enum Operator: String, ExpressibleByArgument, CaseIterable {
        case integrateAndFire = "if", signedIntegrateAndFire = "if-signed", multiThreshold = "multi-threshold"
        case burst, ec, softmax, product, group
    }

    @Argument(help: "The operator: \(Operator.allCases.map(\.rawValue).joined(separator: ", ")).")
    var op: Operator

    @Option(help: "The input domain [a,b] (or a,b): every step's input lies in it.")
    var domain: String

    @Option(name: .customLong("T"), help: ArgumentHelp("The time steps, comma-separated.", valueName: "T,…"))
    var steps = "1,2,4,8,16,32,64"

    @Option(help: "IF and burst neurons: the threshold θ > 0.")
    var threshold = "1"

    @Option(help: "Multi-threshold: the smallest positive level λ⁺ > 0 (also λ⁻ unless --lambda-negative).")
    var lambda = "1/8"

    @Option(help: "Multi-threshold: the smallest negative level λ⁻ > 0.")
    var lambdaNegative: String?

    @Option(help: "Multi-threshold: levels per side (1…64).")
    var levels = 8

    @Option(help: "Multi-threshold: the gap g > 1 between levels.")
    var gap = "2"

    @Option(help: "Multi-threshold: the rule, ecmt or nearest.")
    var rule: MultiThresholdNeuron<Rational>.Rule = .ecmt

    @Option(help: "Burst neuron: the burst limit β ≥ 0.")
    var burstLimit = 2

    @Option(help: "ec: the compensated function (\(ElementaryFunction.allCases.map(\.rawValue).joined(separator: ", "))).")
    var function: String?

    @Option(help: "ec, softmax, product: a fixed input error instead of the multi-threshold neuron's bound.")
    var inputError: String?

    @Option(help: "product: the inner dimension k.")
    var inner = 1

    @Option(help: "group: a released operator (gelu, exp, inv, sqrtinv) or a JSON file.")
    var group: String?

    @Option(help: "Search: hill-climbing rounds per T (0: no search).")
    var search = 0

    @Option(help: "Search: the seed.")
    var seed: UInt64 = 1

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard search >= 0 && search <= 100_000 else { throw ValidationError("--search must be in 0…100000, got \(search)") }
        guard inner >= 1 else { throw ValidationError("--inner must be ≥ 1, got \(inner)") }
        guard levels >= 1 && levels <= 64 else { throw ValidationError("--levels must be in 1…64, got \(levels)") }
        guard burstLimit >= 0 && burstLimit <= 64 else { throw ValidationError("--burst-limit must be in 0…64, got \(burstLimit)") }
    }

    func run() throws {
        print(try render(), terminator: "")
    }

    func render() throws -> String {
        let table = try BoundTable.compute(self)
        return format == .json ? try table.json() : table.text()
    }

    func number(_ text: String, _ name: String) throws -> Rational {
        try InputParsing.rational(text, name: "--\(name)")
    }

    func parsedDomain() throws -> Interval {
        let d = try InputParsing.domain(domain, name: "--domain")
        return d
    }

    /// The neuron the options describe (for neuron operators, and upstream of ec/softmax/product).
    func neuron() throws -> NeuronModel {
        switch op {
        case .integrateAndFire: return .integrateAndFire(threshold: try positive(threshold, "threshold"), signed: false)
        case .signedIntegrateAndFire: return .integrateAndFire(threshold: try positive(threshold, "threshold"), signed: true)
        case .burst: return .signedBurst(threshold: try positive(threshold, "threshold"), burstLimit: burstLimit)
        default:
            let lp = try positive(lambda, "lambda")
            let ln = try lambdaNegative.map { try positive($0, "lambda-negative") } ?? lp
            let g = try number(gap, "gap")
            guard g > .one else { throw InputError("--gap must be > 1, got \(gap)") }
            return .multiThreshold(lambdaPositive: lp, lambdaNegative: ln, levels: levels, gap: g, rule: rule)
        }
    }

    func positive(_ text: String, _ name: String) throws -> Rational {
        let x = try number(text, name)
        guard x.sign > 0 else { throw InputError("--\(name) must be > 0, got \(text)") }
        return x
    }
}
