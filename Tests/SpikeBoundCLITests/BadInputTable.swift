import Foundation
import ModelIO
import PropertyTestSupport
import Reports
import Tensors

/// The rows of docs/reliability.md's bad-input table: each writes its input into a fresh
/// folder, runs `spikebound` there as a user would, and states the exact line on standard error
/// (after "spikebound: error: ") and the exit code. `BadInputTableTests` runs every row and
/// checks that the docs hold the table these rows render.
struct BadInput: Sendable, CustomStringConvertible {
    /// What is wrong with the input (the table's first column).
    let input: String
    /// The command line after `spikebound`, run in the folder `setup` wrote.
    let arguments: [String]
    /// The error line, or nil when the input is accepted (exit 0, nothing on standard error).
    let message: String?
    let exit: Int32
    let setup: @Sendable (URL) throws -> Void

    var description: String { input }

    init(_ input: String, _ arguments: [String], _ message: String?, exit: Int32 = 2, setup: @escaping @Sendable (URL) throws -> Void = { _ in }) {
        self.input = input
        self.arguments = arguments
        self.message = message
        self.exit = message == nil ? 0 : exit
        self.setup = setup
    }

    /// The row as docs/reliability.md holds it.
    var row: String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        let command = "`spikebound " + arguments.joined(separator: " ") + "`"
        let said = message.map { "`" + cell($0) + "`" } ?? "accepted"
        return "| \(cell(input)) | \(cell(command)) | \(said) | \(exit) |"
    }
}

extension BadInput {
    static let query = "encoder.layer.0.attention.self.query.weight"
    static let tiny = RepositoryFiles.url("Fixtures/tiny-bert")

    /// Fixtures/tiny-bert copied into FOLDER/model with its weights passed through `edit`.
    static func model(_ folder: URL, edit: (inout [(name: String, tensor: Tensor<Double>)]) throws -> Void = { _ in }) throws {
        let out = folder.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for name in ["config.json", "inputs.safetensors"] {
            try FileManager.default.copyItem(at: tiny.appendingPathComponent(name), to: out.appendingPathComponent(name))
        }
        let file = try SafetensorsFile(contentsOf: tiny.appendingPathComponent("model.safetensors"))
        var tensors = try file.entries.map { (name: $0.name, tensor: try file.doubles($0.name)) }
        try edit(&tensors)
        try SafetensorsFile.encode(tensors, dtype: .F32).write(to: out.appendingPathComponent("model.safetensors"))
    }

    /// The tiny model with the query weight's first entry set to `value`.
    static func modelWithQuery(_ value: Double) -> @Sendable (URL) throws -> Void {
        { folder in
            try model(folder) { tensors in
                let k = tensors.firstIndex { $0.name == query }!
                var values = tensors[k].tensor.values
                values[0] = value
                tensors[k].tensor = try Tensor(shape: tensors[k].tensor.shape, values: values)
            }
        }
    }

    /// FOLDER/inputs.safetensors: the tiny model's two inputs with the first entry set to `value`, in float64.
    static func inputsWith(_ value: Double) -> @Sendable (URL) throws -> Void {
        { folder in
            let file = try SafetensorsFile(contentsOf: tiny.appendingPathComponent("inputs.safetensors"))
            var tensors = try file.entries.map { (name: $0.name, tensor: try file.doubles($0.name)) }
            var values = tensors[0].tensor.values
            values[0] = value
            tensors[0].tensor = try Tensor(shape: tensors[0].tensor.shape, values: values)
            try SafetensorsFile.encode(tensors, dtype: .F64).write(to: folder.appendingPathComponent("inputs.safetensors"))
        }
    }

    /// FOLDER/NAME holding `bytes`.
    static func file(_ name: String, _ bytes: [UInt8]) -> @Sendable (URL) throws -> Void {
        { try Data(bytes).write(to: $0.appendingPathComponent(name)) }
    }

    /// A safetensors file whose header is `header` (JSON text) and whose data is `count` zero bytes.
    static func safetensors(_ name: String, header: String, count: Int) -> @Sendable (URL) throws -> Void {
        { folder in
            let h = Array(header.utf8)
            let length = withUnsafeBytes(of: UInt64(h.count).littleEndian, Array.init)
            try Data(length + h + [UInt8](repeating: 0, count: count)).write(to: folder.appendingPathComponent(name))
        }
    }

    /// FOLDER/NAME: the golden tiny report with its schema replaced.
    static func report(_ name: String, schema: String) -> @Sendable (URL) throws -> Void {
        { folder in
            let text = try String(contentsOf: RepositoryFiles.url("Fixtures/golden/tiny-bert/report.json"), encoding: .utf8)
                .replacingOccurrences(of: "\"\(Report.schemaID)\"", with: "\"\(schema)\"")
            try text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
    }

    static func spec(_ json: String) -> @Sendable (URL) throws -> Void {
        { try json.write(to: $0.appendingPathComponent("spec.json"), atomically: false, encoding: .utf8) }
    }

    /// `run` on FOLDER/model, and at T = 1 without progress lines.
    static let runModel = ["run", "--model", "model"]
    static let run = runModel + ["--T", "1", "--quiet"]
    static let copyModel: @Sendable (URL) throws -> Void = { try model($0) }
    /// The unchanged tiny model, then `more`.
    static func withModel(_ more: @escaping @Sendable (URL) throws -> Void) -> @Sendable (URL) throws -> Void {
        { try model($0); try more($0) }
    }
    /// FOLDER/head.safetensors: a linear head of `width` inputs and 2 classes, with `labels` as
    /// its __metadata__.labels when given.
    static func head(width: Int, labels: String?) -> @Sendable (URL) throws -> Void {
        { folder in
            let w = try Tensor(shape: [2, width], values: [Double](repeating: 0.25, count: 2 * width))
            let b = try Tensor(shape: [2], values: [0.0, 1])
            let data = try SafetensorsFile.encode(
                [(name: "weight", tensor: w), (name: "bias", tensor: b)], dtype: .F64, metadata: labels.map { ["labels": $0] } ?? [:])
            try data.write(to: folder.appendingPathComponent("head.safetensors"))
        }
    }
    static let reportTiny = ["report", "--model", "model", "--T", "1", "--a-priori", "none", "--certify", "0", "--quiet"]
    static let ifSpec = #"{"operator": "if", "parameters": {"threshold": THETA}, "steps": STEPS}"#
    static func ifSpec(threshold: String = "1", steps: String = "[[0.5]]", arithmetic: String? = nil) -> String {
        var s = ifSpec.replacingOccurrences(of: "THETA", with: threshold).replacingOccurrences(of: "STEPS", with: steps)
        if let arithmetic { s = s.replacingOccurrences(of: #"{"operator""#, with: #"{"arithmetic": "\#(arithmetic)", "operator""#) }
        return s
    }
}
