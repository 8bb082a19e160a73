import ExactArithmetic
import Foundation
import ModelIO

/// The readers of general formats: JSON, rationals, safetensors, images, ONNX.
extension ReaderHarness {
    static func json(_ bytes: [UInt8]) throws -> String? {
        let value = try JSONParser.parse(bytes: bytes)
        for pretty in [false, true] {
            let text = value.rendered(pretty: pretty)
            guard let again = try? JSONParser.parse(text), again == value else {
                return "the document rendered (pretty: \(pretty)) does not read back equal: \(text.prefix(200).debugDescription)"
            }
        }
        return firstUnreadableNumber(value)
    }

    /// A number token whose rational does not exist for another reason than Rational's
    /// exponent limit (±100000; JSON's grammar has none, so such numbers are refused by name).
    static func firstUnreadableNumber(_ value: JSONValue) -> String? {
        switch value {
        case .number(let text):
            do { _ = try Rational(parsing: text) } catch {
                return "\(error)".contains("exponent beyond") ? nil : "the number \(text) has no rational value: \(error)"
            }
            return nil
        case .array(let items): return items.lazy.compactMap(firstUnreadableNumber).first
        case .object(let members): return members.lazy.compactMap { firstUnreadableNumber($0.value) }.first
        default: return nil
        }
    }

    static func rational(_ bytes: [UInt8]) throws -> String? {
        let r = try Rational(parsing: String(decoding: bytes, as: UTF8.self))
        return (try? Rational(parsing: r.description)) == r ? nil : "\(r) does not read back"
    }

    static func safetensors(_ bytes: [UInt8]) throws -> String? {
        let file = try SafetensorsFile(data: Data(bytes), source: "fuzz.safetensors")
        for e in file.entries {
            if e.dtype.isInteger { _ = try file.integers(e.name) } else { _ = try file.doubles(e.name) }
        }
        return nil
    }

    static func images(_ bytes: [UInt8]) throws -> String? {
        let image = try ImageDecoder.decode(bytes, source: "fuzz")
        guard image.width * image.height <= 1 << 16 else { return nil }
        let small = try ImageResampling.resize(image, width: 7, height: 5, filter: .bicubic)
        return small.width == 7 && small.height == 5 ? nil : "resized to \(small.width) × \(small.height), not 7 × 5"
    }

    static func onnx(_ bytes: [UInt8]) throws -> String? {
        let file = try OnnxFile(data: Data(bytes), source: "fuzz.onnx")
        for entry in file.initializers.values { _ = try file.doubles(entry) }
        _ = try OnnxDINOv2.convert(file)
        return nil
    }
}
