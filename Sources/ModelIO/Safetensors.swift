import Diagnostics
import ExactArithmetic
import Foundation
import Tensors

/// A safetensors file (8-byte little-endian header length, a JSON header, then the data),
/// memory-mapped and validated: header length, JSON, dtypes, shapes, offsets (in bounds, of
/// the right size, no overlaps or holes). Every error is one message naming the tensor.
public struct SafetensorsFile: Sendable {
    public enum DType: String, Sendable, CaseIterable {
        case F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL

        public var size: Int {
            switch self {
            case .F64, .I64: return 8
            case .F32, .I32: return 4
            case .F16, .BF16, .I16: return 2
            case .I8, .U8, .BOOL: return 1
            }
        }

        /// Whether the values are integers (BOOL included, as 0 and 1).
        public var isInteger: Bool {
            switch self {
            case .F64, .F32, .F16, .BF16: return false
            case .I64, .I32, .I16, .I8, .U8, .BOOL: return true
            }
        }
    }

    public struct Entry: Sendable, Equatable {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        /// Byte range in the data section.
        public let begin: Int
        public let end: Int
    }

    /// Entries in the order of their data.
    public let entries: [Entry]
    public let metadata: [String: String]
    let data: Data
    let dataStart: Int
    public let source: String

    /// Memory-maps and validates a file.
    public init(contentsOf url: URL) throws {
        let data = try InputFile.read(url, mapped: true)
        try self.init(data: data, source: url.lastPathComponent)
    }

    /// Validates bytes already in memory.
    public init(data: Data, source: String) throws {
        self.source = source
        self.data = data
        func fail(_ message: String) -> ModelError { ModelError("\(source): \(message)") }
        guard data.count >= 8 else { throw fail("truncated: \(data.count) bytes, not even a header length") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << (8 * UInt64($1.offset))) }
        guard headerLength <= 100_000_000 else { throw fail("header length \(headerLength) is implausible (over 100 MB)") }
        guard 8 + Int(headerLength) <= data.count else {
            throw fail("truncated: the header claims \(headerLength) bytes, the file has \(data.count - 8) after the length")
        }
        let headerBytes = Array(data[data.startIndex + 8 ..< data.startIndex + 8 + Int(headerLength)])
        let header: JSONValue
        do { header = try JSONParser.parse(bytes: headerBytes) } catch let error as JSONError {
            throw fail("bad header: \(error)")
        }
        guard case .object(let members) = header else { throw fail("bad header: not a JSON object") }
        dataStart = 8 + Int(headerLength)
        let dataSize = data.count - dataStart
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        for member in members {
            if member.key == "__metadata__" {
                guard case .object(let items) = member.value else { throw fail("__metadata__ is not an object") }
                for item in items {
                    guard let text = item.value.stringValue else { throw fail("__metadata__.\(item.key) is not a string") }
                    metadata[item.key] = text
                }
                continue
            }
            let name = member.key
            func bad(_ what: String) -> ModelError { fail("tensor '\(name)': \(what)") }
            guard let dtypeName = member.value["dtype"]?.stringValue else { throw bad("no dtype") }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw bad("unsupported dtype \(dtypeName) (supported: \(DType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard let shapeItems = member.value["shape"]?.arrayValue else { throw bad("no shape") }
            let shape = try shapeItems.map { item -> Int in
                guard let r = item.rationalValue, r.isInteger, r.sign >= 0, let n = Int(r.description), n < 1 << 40 else {
                    throw bad("shape \(shapeItems.map { $0.rendered(pretty: false) }) is not a list of non-negative integers")
                }
                return n
            }
            guard let offsets = member.value["data_offsets"]?.arrayValue, offsets.count == 2 else {
                throw bad("data_offsets must be [begin, end]")
            }
            let ends = try offsets.map { item -> Int in
                guard let r = item.rationalValue, r.isInteger, r.sign >= 0, let n = Int(r.description) else {
                    throw bad("data_offsets are not non-negative integers")
                }
                return n
            }
            guard ends[0] <= ends[1] else { throw bad("data_offsets [\(ends[0]), \(ends[1])] run backwards") }
            guard ends[1] <= dataSize else {
                throw bad("data_offsets end \(ends[1]) lies beyond the \(dataSize) bytes of data (truncated file?)")
            }
            var count = 1
            for d in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow else { throw bad("shape \(shape) is too large") }
                count = product
            }
            guard ends[1] - ends[0] == count * dtype.size else {
                throw bad("shape \(shape) of \(dtype.rawValue) needs \(count * dtype.size) bytes, data_offsets give \(ends[1] - ends[0])")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: ends[0], end: ends[1]))
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var covered = 0
        for e in entries where e.end > e.begin {
            if e.begin < covered {
                let other = entries.first { $0.name != e.name && $0.begin < e.end && e.begin < $0.end }?.name ?? "another tensor"
                throw fail("tensor '\(e.name)': its data [\(e.begin), \(e.end)) overlaps '\(other)'")
            }
            guard e.begin == covered else { throw fail("tensor '\(e.name)': a hole in the data before offset \(e.begin)") }
            covered = e.end
        }
        guard covered == dataSize else { throw fail("\(dataSize - covered) bytes of data after the last tensor belong to none") }
        self.entries = entries
        self.metadata = metadata
    }

    public func entry(_ name: String) throws -> Entry {
        guard let e = entries.first(where: { $0.name == name }) else {
            throw ModelError("\(source): no tensor '\(name)'")
        }
        return e
    }

    /// The values of a tensor as Doubles, exactly: a floating-point tensor must be finite, and an
    /// integer one (I64, I32, I16, I8, U8, BOOL) must lie within ±2^53, where every integer is a
    /// Double.
    public func doubles(_ name: String) throws -> Tensor<Double> {
        let e = try entry(name)
        let values: [Double]
        if e.dtype.isInteger {
            values = try integers(name).map { v in
                guard v.magnitude <= 1 << 53 else {
                    throw ModelError("\(source): tensor '\(name)' holds \(v), beyond ±2^53 (not exact as a Double)")
                }
                return Double(v)
            }
        } else {
            let count = (e.end - e.begin) / e.dtype.size
            var read = [Double](repeating: 0, count: count)
            data.withUnsafeBytes { raw in
                let base = raw.baseAddress!.advanced(by: dataStart + e.begin)
                for i in 0..<count {
                    let p = base.advanced(by: i * e.dtype.size)
                    switch e.dtype {
                    case .F64: read[i] = Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
                    case .F32: read[i] = Double(Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))))
                    case .BF16: read[i] = Double(Float(bitPattern: UInt32(UInt16(littleEndian: p.loadUnaligned(as: UInt16.self))) << 16))
                    case .F16: read[i] = Self.half(UInt16(littleEndian: p.loadUnaligned(as: UInt16.self)))
                    case .I64, .I32, .I16, .I8, .U8, .BOOL: break
                    }
                }
            }
            if let bad = read.firstIndex(where: { !$0.isFinite }) {
                throw ModelError("\(source): tensor '\(name)' holds \(read[bad]) at element \(bad) of \(read.count): weights and inputs must be finite")
            }
            values = read
        }
        return try Tensor(shape: e.shape, values: values)
    }

    /// The values of an integer tensor (I64, I32, I16, I8, U8, or BOOL as 0 and 1), flattened in
    /// row-major order. A floating-point tensor, or a BOOL byte other than 0 or 1, is refused.
    public func integers(_ name: String) throws -> [Int64] {
        let e = try entry(name)
        guard e.dtype.isInteger else {
            throw ModelError("\(source): tensor '\(name)' is \(e.dtype.rawValue), not an integer tensor")
        }
        let count = (e.end - e.begin) / e.dtype.size
        var values = [Int64](repeating: 0, count: count)
        var badBool = false
        data.withUnsafeBytes { raw in
            let base = raw.baseAddress!.advanced(by: dataStart + e.begin)
            for i in 0..<count {
                let p = base.advanced(by: i * e.dtype.size)
                switch e.dtype {
                case .I64: values[i] = Int64(littleEndian: p.loadUnaligned(as: Int64.self))
                case .I32: values[i] = Int64(Int32(littleEndian: p.loadUnaligned(as: Int32.self)))
                case .I16: values[i] = Int64(Int16(littleEndian: p.loadUnaligned(as: Int16.self)))
                case .I8: values[i] = Int64(p.loadUnaligned(as: Int8.self))
                case .U8: values[i] = Int64(p.loadUnaligned(as: UInt8.self))
                case .BOOL:
                    let b = p.loadUnaligned(as: UInt8.self)
                    if b > 1 { badBool = true }
                    values[i] = Int64(b)
                case .F64, .F32, .F16, .BF16: break
                }
            }
        }
        guard !badBool else { throw ModelError("\(source): tensor '\(name)' is BOOL but holds a byte other than 0 or 1") }
        return values
    }

    /// IEEE binary16 to Double, exactly.
    static func half(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    /// `half`, for tests.
    public static func halfForTesting(_ bits: UInt16) -> Double { half(bits) }

    /// Writes tensors as a safetensors file, all in one dtype, for fixtures and tests.
    public static func encode(_ tensors: [(name: String, tensor: Tensor<Double>)], dtype: DType = .F32, metadata: [String: String] = [:]) throws -> Data {
        try encode(tensors.map { ($0.name, $0.tensor, dtype) }, metadata: metadata)
    }

    /// Writes tensors as a safetensors file, each in its own dtype: F64, F32, or an integer dtype
    /// whose range holds every value (F16 and BF16 are read, not written).
    public static func encode(_ tensors: [(name: String, tensor: Tensor<Double>, dtype: DType)], metadata: [String: String] = [:]) throws -> Data {
        var members: [JSONValue.Member] = []
        if !metadata.isEmpty {
            members.append(.init("__metadata__", .object(metadata.sorted { $0.key < $1.key }.map { .init($0.key, .string($0.value)) })))
        }
        var body = Data()
        for (name, tensor, dtype) in tensors {
            let begin = body.count
            let range: ClosedRange<Double>? = switch dtype {
            case .I64: -0x1p53...0x1p53
            case .I32: Double(Int32.min)...Double(Int32.max)
            case .I16: Double(Int16.min)...Double(Int16.max)
            case .I8: Double(Int8.min)...Double(Int8.max)
            case .U8: 0...255
            case .BOOL: 0...1
            case .F64, .F32, .F16, .BF16: nil
            }
            for v in tensor.values {
                if let range {
                    guard v.rounded() == v, range.contains(v) else { throw ModelError("encode: \(name): \(v) is not a \(dtype.rawValue) value") }
                }
                switch dtype {
                case .F32: withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { body.append(contentsOf: $0) }
                case .F64: withUnsafeBytes(of: v.bitPattern.littleEndian) { body.append(contentsOf: $0) }
                case .I64: withUnsafeBytes(of: Int64(v).littleEndian) { body.append(contentsOf: $0) }
                case .I32: withUnsafeBytes(of: Int32(v).littleEndian) { body.append(contentsOf: $0) }
                case .I16: withUnsafeBytes(of: Int16(v).littleEndian) { body.append(contentsOf: $0) }
                case .I8: body.append(UInt8(bitPattern: Int8(v)))
                case .U8, .BOOL: body.append(UInt8(v))
                case .F16, .BF16: throw ModelError("encode writes F64, F32 and the integer dtypes, not \(dtype.rawValue)")
                }
            }
            members.append(.init(name, .object([
                .init("dtype", .string(dtype.rawValue)),
                .init("shape", .array(tensor.shape.map { .number("\($0)") })),
                .init("data_offsets", .array([.number("\(begin)"), .number("\(body.count)")])),
            ])))
        }
        var header = Array(JSONValue.object(members).rendered(pretty: false).utf8)
        while (8 + header.count) % 8 != 0 { header.append(0x20) }  // pad with spaces, as the format allows
        var out = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        out.append(body)
        return out
    }
}

/// A problem with a model file or config, naming the file and the tensor or field.
public struct ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description.escapingLineBreaks }
}
