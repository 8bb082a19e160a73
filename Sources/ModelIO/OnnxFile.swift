import Diagnostics
import Foundation
import Tensors

/// An ONNX model file, read by `ProtobufReader`: the graph's initializers (name, dims, data type
/// and where their values lie) and its nodes (name, op type, inputs, outputs and the attributes
/// of scalar or tensor type). That is all SpikeBound reads of ONNX: the weights, and the node
/// names and constants that say which weight is which (`OnnxDINOv2`). The file is memory-mapped;
/// values are decoded only when asked for.
///
/// Read (field numbers of onnx.proto): ModelProto.graph (7); GraphProto.node (1),
/// .initializer (5); NodeProto.input (1), .output (2), .name (3), .op_type (4), .attribute (5);
/// AttributeProto.name (1), .f (2), .i (3), .t (5); TensorProto.dims (1), .data_type (2),
/// .float_data (4), .int32_data (5), .int64_data (7), .name (8), .raw_data (9), .double_data
/// (10), .data_location (14). Tensors stored outside the file (data_location EXTERNAL) are
/// refused; so are data types other than float32, float64, float16, bfloat16, int32 and int64.
public struct OnnxFile: Sendable {
    public struct TensorEntry: Sendable {
        public let name: String
        public let dims: [Int]
        public let dataType: Int32
        /// Where the values lie in the file.
        enum Storage: Sendable {
            case raw(Range<Int>)
            case packedFloats(Range<Int>)
            case packedDoubles(Range<Int>)
            case integers([Int64])
            case none
        }
        let storage: Storage

        public var count: Int { dims.reduce(1, *) }
    }

    public enum Attribute: Sendable {
        case float(Float)
        case integer(Int64)
        case tensor(TensorEntry)
    }

    public struct Node: Sendable {
        public let name: String
        public let opType: String
        public let inputs: [String]
        public let outputs: [String]
        public let attributes: [String: Attribute]
    }

    public let source: String
    let data: Data
    public let initializers: [String: TensorEntry]
    public let nodes: [Node]

    /// Element counts above this are refused (2³¹: 8 GiB of float32).
    static let maximumElements = 1 << 31

    public init(contentsOf url: URL) throws {
        let data = try InputFile.read(url, mapped: true)
        try self.init(data: data, source: url.lastPathComponent)
    }

    public init(data: Data, source: String) throws {
        self.source = source
        self.data = data
        guard !data.isEmpty else { throw ModelError("\(source): the file is empty") }
        var initializers = [String: TensorEntry](), nodes = [Node]()
        try data.withUnsafeBytes { raw in
            let model = ProtobufReader(raw, range: 0..<raw.count, message: "\(source): ModelProto")
            var graph: ProtobufReader?
            try model.forEachField { f in
                if f.number == 7 {
                    guard graph == nil else { throw model.fail(f.payload.lowerBound, "two graphs") }
                    graph = try model.message(f, "\(source): GraphProto")
                }
            }
            guard let graph else { throw ModelError("\(source): not an ONNX model (no graph)") }
            try graph.forEachField { f in
                switch f.number {
                case 1:
                    nodes.append(try Self.node(try graph.message(f, "\(source): NodeProto")))
                case 5:
                    let t = try Self.tensor(try graph.message(f, "\(source): TensorProto"))
                    guard initializers[t.name] == nil else { throw ModelError("\(source): two initializers named '\(t.name)'") }
                    initializers[t.name] = t
                default: break
                }
            }
        }
        guard !initializers.isEmpty else { throw ModelError("\(source): the graph has no initializers (no weights)") }
        self.initializers = initializers
        self.nodes = nodes
    }

    static func node(_ r: ProtobufReader) throws -> Node {
        var name = "", opType = "", inputs = [String](), outputs = [String](), attributes = [String: Attribute]()
        try r.forEachField { f in
            switch f.number {
            case 1: inputs.append(try r.string(f, "NodeProto.input"))
            case 2: outputs.append(try r.string(f, "NodeProto.output"))
            case 3: name = try r.string(f, "NodeProto.name")
            case 4: opType = try r.string(f, "NodeProto.op_type")
            case 5:
                let a = try r.message(f, "AttributeProto")
                var attributeName = "", value: Attribute?
                try a.forEachField { g in
                    switch g.number {
                    case 1: attributeName = try a.string(g, "AttributeProto.name")
                    case 2:
                        guard g.wireType == .fixed32 else { throw a.fail(g.payload.lowerBound, "AttributeProto.f is not a float") }
                        value = .float(Float(bitPattern: UInt32(truncatingIfNeeded: g.value)))
                    case 3: value = .integer(try a.integer(g, "AttributeProto.i"))
                    case 5: value = .tensor(try tensor(try a.message(g, "TensorProto")))
                    default: break
                    }
                }
                if let value { attributes[attributeName] = value }
            default: break
            }
        }
        return Node(name: name, opType: opType, inputs: inputs, outputs: outputs, attributes: attributes)
    }

    static func tensor(_ r: ProtobufReader) throws -> TensorEntry {
        var name = "", dims = [Int](), dataType: Int32 = 0, external = false
        var storage = TensorEntry.Storage.none
        var integers = [Int64]()
        try r.forEachField { f in
            switch f.number {
            case 1:
                for d in try r.integers(f, "TensorProto.dims") {
                    guard d >= 0, d <= Int64(maximumElements) else { throw r.fail(f.payload.lowerBound, "a dimension of \(d)") }
                    dims.append(Int(d))
                }
            case 2:
                let t = try r.integer(f, "TensorProto.data_type")
                guard let v = Int32(exactly: t) else { throw r.fail(f.payload.lowerBound, "data type \(t)") }
                dataType = v
            case 4:
                guard f.wireType == .lengthDelimited else { throw r.fail(f.payload.lowerBound, "unpacked float_data is not supported") }
                storage = .packedFloats(f.payload)
            case 10:
                guard f.wireType == .lengthDelimited else { throw r.fail(f.payload.lowerBound, "unpacked double_data is not supported") }
                storage = .packedDoubles(f.payload)
            case 5, 7: integers += try r.integers(f, "TensorProto.int_data")
            case 8: name = try r.string(f, "TensorProto.name")
            case 9: storage = .raw(f.payload)
            case 14: external = try r.integer(f, "TensorProto.data_location") == 1
            default: break
            }
        }
        if external { throw ModelError("\(r.message): tensor '\(name)' keeps its data in an external file, which is not supported") }
        if case .none = storage, !integers.isEmpty { storage = .integers(integers) }
        var count = 1
        for d in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= maximumElements else { throw ModelError("\(r.message): tensor '\(name)' claims more than 2³¹ elements") }
            count = product
        }
        return TensorEntry(name: name, dims: dims, dataType: dataType, storage: storage)
    }

    /// The element size in bytes of an ONNX data type SpikeBound reads, or nil.
    static func elementSize(_ dataType: Int32) -> Int? {
        switch dataType {
        case 1, 6: return 4  // FLOAT, INT32
        case 11, 7: return 8  // DOUBLE, INT64
        case 10, 16: return 2  // FLOAT16, BFLOAT16
        default: return nil
        }
    }

    /// The values of `entry` as Doubles, exactly; NaN and infinities are refused.
    public func doubles(_ entry: TensorEntry) throws -> Tensor<Double> {
        let name = "\(source): tensor '\(entry.name)'"
        guard let size = Self.elementSize(entry.dataType) else {
            throw ModelError("\(name) has ONNX data type \(entry.dataType) (float32, float64, float16, bfloat16, int32 and int64 are read)")
        }
        let count = entry.count
        var values = [Double](repeating: 0, count: count)
        switch entry.storage {
        case .none:
            guard count == 0 else { throw ModelError("\(name) has \(count) elements and no data") }
        case .integers(let ints):
            guard ints.count == count else { throw ModelError("\(name) has \(ints.count) values for dims \(entry.dims)") }
            for (k, v) in ints.enumerated() {
                switch entry.dataType {
                case 10: values[k] = SafetensorsFile.halfForTesting(UInt16(truncatingIfNeeded: v))
                case 16: values[k] = Double(Float(bitPattern: UInt32(UInt16(truncatingIfNeeded: v)) << 16))
                default:
                    guard v.magnitude <= 1 << 53 else { throw ModelError("\(name) holds \(v), beyond ±2^53") }
                    values[k] = Double(v)
                }
            }
        case .raw(let range), .packedFloats(let range), .packedDoubles(let range):
            var elementSize = size
            if case .packedFloats = entry.storage { elementSize = 4 }
            if case .packedDoubles = entry.storage { elementSize = 8 }
            guard range.count == count * elementSize else {
                throw ModelError("\(name) holds \(range.count) bytes, its dims \(entry.dims) need \(count * elementSize)")
            }
            let dataType = entry.dataType
            var beyond = false
            data.withUnsafeBytes { raw in
                let base = raw.baseAddress!.advanced(by: range.lowerBound)
                for i in 0..<count {
                    let p = base.advanced(by: i * elementSize)
                    switch (elementSize, dataType) {
                    case (4, 6): values[i] = Double(Int32(littleEndian: p.loadUnaligned(as: Int32.self)))
                    case (4, _): values[i] = Double(Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))))
                    case (8, 7):
                        let v = Int64(littleEndian: p.loadUnaligned(as: Int64.self))
                        if v.magnitude > 1 << 53 { beyond = true }
                        values[i] = Double(v)
                    case (8, _): values[i] = Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
                    case (2, 10): values[i] = SafetensorsFile.halfForTesting(UInt16(littleEndian: p.loadUnaligned(as: UInt16.self)))
                    default: values[i] = Double(Float(bitPattern: UInt32(UInt16(littleEndian: p.loadUnaligned(as: UInt16.self))) << 16))
                    }
                }
            }
            if beyond { throw ModelError("\(name) holds an integer beyond ±2^53 (not exact as a Double)") }
        }
        guard values.allSatisfy(\.isFinite) else { throw ModelError("\(name) holds NaN or infinity") }
        return try Tensor(shape: entry.dims.isEmpty ? [1] : entry.dims, values: values)
    }

    /// The initializer `name`, decoded.
    public func doubles(_ name: String) throws -> Tensor<Double> {
        guard let e = initializers[name] else { throw ModelError("\(source): no initializer '\(name)'") }
        return try doubles(e)
    }
}
