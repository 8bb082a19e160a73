import Foundation
import ModelIO
import Tensors
import Testing

/// Integer and bool dtypes: read exactly, written back, and refused where a value cannot be.
@Suite("safetensors integer dtypes")
struct SafetensorsIntegerTests {
    @Test(arguments: [
        (SafetensorsFile.DType.I64, [-9_007_199_254_740_992.0, -1, 0, 9_007_199_254_740_992]), (.I32, [-2_147_483_648, -1, 0, 2_147_483_647]),
        (.I16, [-32768, -1, 0, 32767]), (.I8, [-128, -1, 0, 127]), (.U8, [0, 1, 128, 255]), (.BOOL, [0, 1, 1, 0]),
    ])
    func roundTrips(_ dtype: SafetensorsFile.DType, _ values: [Double]) throws {
        let t = try Tensor<Double>(shape: [2, 2], values: values)
        let data = try SafetensorsFile.encode([("x", t, dtype), ("y", try Tensor(shape: [1], values: [0.5]), .F32)])
        let file = try SafetensorsFile(data: data, source: "memory")
        #expect(file.entries.first { $0.name == "x" }?.dtype == dtype)
        #expect(try file.doubles("x").values == values)
        #expect(try file.integers("x") == values.map { Int64($0) })
        #expect(throws: ModelError.self) { try file.integers("y") }
    }

    @Test func refusesWhatIsNotExact() throws {
        // An I64 beyond 2^53 is read as an integer, refused as a Double.
        var data = try SafetensorsFile.encode([("x", try Tensor(shape: [1], values: [0]), .I64)])
        let big = Int64(1) << 60
        withUnsafeBytes(of: big.littleEndian) { data.replaceSubrange(data.count - 8..<data.count, with: $0) }
        let file = try SafetensorsFile(data: data, source: "big")
        #expect(try file.integers("x") == [big])
        #expect(throws: ModelError("big: tensor 'x' holds \(big), beyond ±2^53 (not exact as a Double)")) { try file.doubles("x") }
        // A BOOL byte other than 0 or 1.
        var bools = try SafetensorsFile.encode([("b", try Tensor(shape: [1], values: [1]), .BOOL)])
        bools[bools.count - 1] = 7
        let b = try SafetensorsFile(data: bools, source: "bool")
        #expect(throws: ModelError("bool: tensor 'b' is BOOL but holds a byte other than 0 or 1")) { try b.integers("b") }
        // Writing a value the dtype cannot hold.
        #expect(throws: ModelError.self) { try SafetensorsFile.encode([("u", try Tensor(shape: [1], values: [-1]), .U8)]) }
        #expect(throws: ModelError.self) { try SafetensorsFile.encode([("u", try Tensor(shape: [1], values: [0.5]), .I32)]) }
    }
}
