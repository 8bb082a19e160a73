import ExactArithmetic
import Foundation

/// What `enclose` prints: inputs and certified outputs, as text or JSON.
struct EnclosureResult {
    let function: String
    let bits: Int
    let inputs: [Interval]
    let outputs: [Interval]
    let isVector: Bool

    func text(digits: Int) -> String {
        var lines: [String] = []
        let input = isVector ? "{" + inputs.map(Self.show).joined(separator: ", ") + "}" : Self.show(inputs[0])
        lines.append("\(function)(\(input)) at \(bits) bits")
        for (i, y) in outputs.enumerated() {
            let label = isVector ? "[\(i)] " : ""
            let indent = String(repeating: " ", count: label.count)
            lines.append("  \(label)lo    = \(y.lo)")
            lines.append("  \(indent)hi    = \(y.hi)")
            lines.append("  \(indent)lo  ≥ \(y.lo.decimalString(significantDigits: digits, .down))")
            lines.append("  \(indent)hi  ≤ \(y.hi.decimalString(significantDigits: digits, .up))")
            lines.append("  \(indent)width = \(Self.widthText(y))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func json(digits: Int) throws -> String {
        let inputValues = inputs.map { EndpointsJSON(lo: $0.lo.description, hi: $0.hi.description) }
        let outputValues = outputs.map { ResultJSON($0, digits: digits) }
        let document = DocumentJSON(
            function: function, bits: bits,
            input: isVector ? .many(inputValues) : .one(inputValues[0]),
            result: isVector ? .many(outputValues) : .one(outputValues[0]))
        return try JSONOutput.encode(document)
    }

    static func show(_ x: Interval) -> String {
        x.isPoint ? x.lo.description : x.description
    }

    static func widthText(_ y: Interval) -> String {
        let w = y.width
        if w.isZero { return "0 (exact)" }
        let log2 = (w.log2Magnitude * 100).rounded() / 100
        return "\(w.decimalString(significantDigits: 4, .up)) ≈ 2^\(log2)"
    }
}

private struct EndpointsJSON: Encodable {
    let lo: String
    let hi: String
}

private struct ResultJSON: Encodable {
    let lo: String
    let hi: String
    let loDecimal: String
    let hiDecimal: String
    let width: String
    let log2Width: Double?

    init(_ y: Interval, digits: Int) {
        lo = y.lo.description
        hi = y.hi.description
        loDecimal = y.lo.decimalString(significantDigits: digits, .down)
        hiDecimal = y.hi.decimalString(significantDigits: digits, .up)
        width = y.width.description
        log2Width = y.width.isZero ? nil : y.width.log2Magnitude
    }
}

private enum OneOrMany<T: Encodable>: Encodable {
    case one(T)
    case many([T])

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .one(let value): try container.encode(value)
        case .many(let values): try container.encode(values)
        }
    }
}

private struct DocumentJSON: Encodable {
    let function: String
    let bits: Int
    let input: OneOrMany<EndpointsJSON>
    let result: OneOrMany<ResultJSON>
}
