import Foundation
import ModelIO

/// The safetensors reader: header, dtypes, shapes and offsets, then every tensor read.
func fuzzOne(_ bytes: [UInt8]) {
    guard let file = try? SafetensorsFile(data: Data(bytes), source: "fuzz.safetensors") else { return }
    for e in file.entries {
        if e.dtype.isInteger { _ = try? file.integers(e.name) } else { _ = try? file.doubles(e.name) }
    }
}
