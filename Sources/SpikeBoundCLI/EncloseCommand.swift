import ArgumentParser
import ExactArithmetic

/// `spikebound enclose FUNC X`: a certified enclosure of one function.
struct EncloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enclose",
        abstract: "Print a certified enclosure of f(X) in exact rationals and outward-rounded decimals.",
        discussion: """
            The result [lo, hi] contains f(x) for every x in X. For a point X its width is at most \
            2^-bits·max(1, |f(x)|). Endpoints are exact rationals on a dyadic grid; the decimals are \
            rounded outward (lo down, hi up), so they enclose f(X) too. Proofs: proofs/enclosures.md.

            X is a number or an interval:
              1/3   0.25   -1.25e-3   0x1.8p-1   [a,b]

            For softmax and layernorm, X is a comma-separated vector whose entries are numbers or \
            intervals, e.g. "1, 2.5, [3,3.5]". A negative X may be written as is \
            (spikebound enclose erf -0.5) or after "--".

            Functions:
            \(EncloseFunction.allCases.map { "  \($0.rawValue.padding(12))\($0.summary)" }.joined(separator: "\n"))

            Examples:
              spikebound enclose erf 1/3 --bits 200
              spikebound enclose gelu "[-3,2]" --format json
              spikebound enclose softmax "1,2,3" --bits 64
              spikebound enclose layernorm "1,2,4" --gamma "1,1,2" --beta "0,0,1" --epsilon 1e-12
            """
    )

    @Argument(help: "The function: \(EncloseFunction.allCases.map(\.rawValue).joined(separator: ", ")).")
    var function: EncloseFunction

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("The input X: a number, an interval [a,b], or a vector for softmax/layernorm.",
                           valueName: "X"))
    var input: [String] = []

    @Option(help: "Output precision in bits: the width bound for a point input is 2^-bits·max(1,|f(x)|).")
    var bits: Int = 53

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Significant digits of the decimal forms (default: enough for the precision).")
    var digits: Int?

    @Option(help: "LayerNorm only: comma-separated γ (default all 1).")
    var gamma: String?

    @Option(help: "LayerNorm only: comma-separated β (default all 0).")
    var beta: String?

    @Option(help: "LayerNorm only: ε, a non-negative number (default 1e-5, PyTorch's; BERT uses 1e-12).")
    var epsilon: String = "1e-5"

    func validate() throws {
        guard input.count == 1 else {
            throw ValidationError(input.isEmpty ? "missing the input X" : "expected one input X, got \(input.count): \(input.joined(separator: " "))")
        }
        guard bits >= 1 && bits <= Precision.maximumBits else {
            throw ValidationError("--bits must be between 1 and \(Precision.maximumBits), got \(bits)")
        }
        if let digits, digits < 1 || digits > 100_000 {
            throw ValidationError("--digits must be between 1 and 100000, got \(digits)")
        }
        if function != .layernorm, gamma != nil || beta != nil {
            throw ValidationError("--gamma and --beta apply to layernorm only")
        }
    }

    func run() throws {
        print(try render(), terminator: "")
    }

    /// The full output, as printed.
    func render() throws -> String {
        let result = try compute()
        switch format {
        case .text: return result.text(digits: decimalDigits)
        case .json: return try result.json(digits: decimalDigits)
        }
    }

    /// Decimal digits that show the precision: ⌈bits·log10 2⌉ + 2.
    var decimalDigits: Int {
        digits ?? (bits * 30103 + 99_999) / 100_000 + 2
    }

    func compute() throws -> EnclosureResult {
        let text = input[0]
        do {
            switch function {
            case .scalar(let f):
                let x = try InputParsing.interval(text, name: "X")
                return EnclosureResult(
                    function: function.rawValue, bits: bits, inputs: [x],
                    outputs: [try f.enclose(x, bits: bits)], isVector: false)
            case .softmax:
                let x = try InputParsing.intervalVector(text, name: "X")
                return EnclosureResult(
                    function: function.rawValue, bits: bits, inputs: x,
                    outputs: try Enclosure.softmax(x, bits: bits), isVector: true)
            case .layernorm:
                let x = try InputParsing.intervalVector(text, name: "X")
                let g = try gamma.map { try InputParsing.rationalVector($0, name: "--gamma") }
                    ?? Array(repeating: Rational.one, count: x.count)
                let b = try beta.map { try InputParsing.rationalVector($0, name: "--beta") }
                    ?? Array(repeating: Rational.zero, count: x.count)
                let eps = try InputParsing.rational(epsilon, name: "--epsilon")
                return EnclosureResult(
                    function: function.rawValue, bits: bits, inputs: x,
                    outputs: try Enclosure.layerNorm(x, gamma: g, beta: b, epsilon: eps, bits: bits),
                    isVector: true)
            }
        } catch let error as ArithmeticError {
            throw InputError("\(function.rawValue)(\(text))", error)
        }
    }
}

/// The functions `enclose` knows: the scalar ones and the two vector ones.
enum EncloseFunction: ExpressibleByArgument, CaseIterable, Equatable {
    case scalar(ElementaryFunction)
    case softmax
    case layernorm

    static var allCases: [EncloseFunction] {
        ElementaryFunction.allCases.map { .scalar($0) } + [.softmax, .layernorm]
    }

    init?(argument: String) {
        if let f = ElementaryFunction(rawValue: argument) {
            self = .scalar(f)
        } else if argument == "softmax" {
            self = .softmax
        } else if argument == "layernorm" {
            self = .layernorm
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { allCases.map(\.rawValue) }

    var rawValue: String {
        switch self {
        case .scalar(let f): return f.rawValue
        case .softmax: return "softmax"
        case .layernorm: return "layernorm"
        }
    }

    var summary: String {
        switch self {
        case .scalar(let f): return f.summary
        case .softmax: return "softmax over a vector"
        case .layernorm: return "LayerNorm over a vector, with --gamma, --beta, --epsilon"
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
