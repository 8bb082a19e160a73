import Foundation
import ModelIO
import PropertyTestSupport
import Testing

/// The ONNX reader refuses what is not a well-formed ONNX model in one line, and never reads
/// past a message's end.
@Suite("ONNX reader")
struct OnnxFileTests {
    static let tiny = RepositoryFiles.url("Fixtures/tiny-dinov2-onnx/tiny-dinov2.onnx")

    @Test func readsTheInitializersAndNodes() throws {
        let file = try OnnxFile(contentsOf: Self.tiny)
        let cls = try #require(file.initializers["backbone.embeddings.cls_token"])
        #expect(cls.dims == [1, 1, 32] && cls.dataType == 1)
        #expect(try file.doubles(cls).count == 32)
        #expect(file.nodes.contains { $0.opType == "MatMul" && $0.name.hasPrefix("/backbone/encoder/layer.0/") })
    }

    @Test func malformedFilesAreRefused() throws {
        let bytes = Array(try Data(contentsOf: Self.tiny))
        let cases: [(String, [UInt8])] = [
            ("empty", []),
            ("half", Array(bytes.prefix(bytes.count / 2))),
            ("text", Array("this is not an onnx model".utf8)),
            // Field 7 (the graph), length-delimited, claiming 2⁴⁰ bytes.
            ("huge", [0x3A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]),
            // A varint of 11 bytes.
            ("varint", [0x08] + [UInt8](repeating: 0xFF, count: 10) + [0x01]),
            // A group wire type.
            ("group", [0x0B, 0x0C]),
            // A graph holding nothing.
            ("no-graph", [0x08, 0x07]),
        ]
        for (name, data) in cases {
            do {
                _ = try OnnxFile(data: Data(data), source: "\(name).onnx")
                Issue.record("\(name) was read")
            } catch let error as ModelError {
                #expect(error.description.hasPrefix("\(name).onnx"), "\(error.description)")
                #expect(!error.description.contains("\n"))
            }
        }
        // Every truncation of the first kilobyte: refused, never a crash.
        for n in stride(from: 0, to: 1024, by: 7) {
            #expect(throws: ModelError.self) { try OnnxFile(data: Data(bytes.prefix(n)), source: "cut.onnx") }
        }
    }

    @Test func aModelThatIsNotDINOv2IsRefusedByName() throws {
        // The tiny timm checkpoint's safetensors is no ONNX file, and an ONNX file without the
        // DINOv2 names is refused by what it lacks.
        #expect(throws: ModelError.self) { try Checkpoint(directory: RepositoryFiles.url("Fixtures/tiny-timm-vit/model.safetensors")) }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).onnx")
        try Data([0x3A, 0x00]).write(to: tmp)  // a graph with no initializers
        do {
            _ = try Checkpoint(directory: tmp)
            Issue.record("an empty graph was read")
        } catch let error as ModelError {
            #expect(error.description.contains("no initializers"), "\(error.description)")
        }
    }
}
