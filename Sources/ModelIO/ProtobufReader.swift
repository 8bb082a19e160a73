/// A validating reader of protocol buffers' wire format, for the few ONNX messages SpikeBound
/// reads (`OnnxFile`): varints (at most 10 bytes), 32- and 64-bit fixed fields, and
/// length-delimited fields whose length must lie within the message. Unknown fields are skipped
/// by their wire type; group wire types (3, 4), which ONNX never uses, are refused. Every error
/// names the message and the byte offset.
struct ProtobufReader {
    enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    /// One field: its number, its wire type and where its payload lies.
    struct Field {
        let number: UInt64
        let wireType: WireType
        /// A varint's value, or a fixed field's bits.
        let value: UInt64
        /// A length-delimited field's bytes (an empty range for the other wire types).
        let payload: Range<Int>
    }

    let bytes: UnsafeRawBufferPointer
    let range: Range<Int>
    let message: String

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>, message: String) {
        self.bytes = bytes
        self.range = range
        self.message = message
    }

    func fail(_ offset: Int, _ what: String) -> ModelError {
        ModelError("\(message) at byte \(offset): \(what)")
    }

    func varint(at offset: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        for k in 0..<10 {
            guard offset < range.upperBound else { throw fail(offset, "a varint runs past the end of the message") }
            let b = bytes[offset]
            offset += 1
            if k == 9, b > 1 { throw fail(offset - 1, "a varint longer than 64 bits") }
            result |= UInt64(b & 0x7F) << (7 * UInt64(k))
            if b & 0x80 == 0 { return result }
        }
        throw fail(offset, "a varint longer than 10 bytes")
    }

    /// Calls `body` for every field of the message, in order.
    func forEachField(_ body: (Field) throws -> Void) throws {
        var offset = range.lowerBound
        while offset < range.upperBound {
            let start = offset
            let key = try varint(at: &offset)
            guard let wireType = WireType(rawValue: key & 7) else { throw fail(start, "wire type \(key & 7) is not a protobuf wire type") }
            let number = key >> 3
            guard number > 0 else { throw fail(start, "field number 0") }
            switch wireType {
            case .varint:
                try body(Field(number: number, wireType: wireType, value: try varint(at: &offset), payload: offset..<offset))
            case .fixed64, .fixed32:
                let size = wireType == .fixed64 ? 8 : 4
                guard range.upperBound - offset >= size else { throw fail(offset, "a fixed field runs past the end of the message") }
                var bits: UInt64 = 0
                for k in 0..<size { bits |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
                offset += size
                try body(Field(number: number, wireType: wireType, value: bits, payload: offset..<offset))
            case .lengthDelimited:
                let length = try varint(at: &offset)
                guard length <= UInt64(range.upperBound - offset) else {
                    throw fail(offset, "a field of \(length) bytes runs past the end of the message (\(range.upperBound - offset) left)")
                }
                let end = offset + Int(length)
                try body(Field(number: number, wireType: wireType, value: length, payload: offset..<end))
                offset = end
            case .startGroup, .endGroup:
                throw fail(start, "group fields are not used by ONNX")
            }
        }
    }

    /// A nested message's reader.
    func message(_ field: Field, _ name: String) throws -> ProtobufReader {
        guard field.wireType == .lengthDelimited else { throw fail(field.payload.lowerBound, "field \(field.number) (\(name)) is not a message") }
        return ProtobufReader(bytes, range: field.payload, message: name)
    }

    func string(_ field: Field, _ name: String) throws -> String {
        guard field.wireType == .lengthDelimited else { throw fail(field.payload.lowerBound, "\(name) is not a string") }
        guard let s = String(validating: UnsafeRawBufferPointer(rebasing: bytes[field.payload]), as: UTF8.self) else {
            throw fail(field.payload.lowerBound, "\(name) is not valid UTF-8")
        }
        return s
    }

    /// A repeated integer field, packed (length-delimited) or not (one varint).
    func integers(_ field: Field, _ name: String) throws -> [Int64] {
        switch field.wireType {
        case .varint: return [Int64(bitPattern: field.value)]
        case .lengthDelimited:
            var out = [Int64](), offset = field.payload.lowerBound
            let packed = ProtobufReader(bytes, range: field.payload, message: message)
            while offset < field.payload.upperBound { out.append(Int64(bitPattern: try packed.varint(at: &offset))) }
            return out
        default: throw fail(field.payload.lowerBound, "\(name) is not an integer field")
        }
    }

    func integer(_ field: Field, _ name: String) throws -> Int64 {
        guard field.wireType == .varint else { throw fail(field.payload.lowerBound, "\(name) is not a varint") }
        return Int64(bitPattern: field.value)
    }
}
