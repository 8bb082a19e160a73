import Foundation
import ModelIO

/// The ONNX reader (protobuf wire format) and the DINOv2 mapping of what it reads.
func fuzzOne(_ bytes: [UInt8]) {
    guard let file = try? OnnxFile(data: Data(bytes), source: "fuzz.onnx") else { return }
    for entry in file.initializers.values { _ = try? file.doubles(entry) }
    _ = try? OnnxDINOv2.convert(file)
}
