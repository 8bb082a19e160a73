import Foundation
import Tensors

/// The tensors of a checkpoint folder: model.safetensors, or, when model.safetensors.index.json
/// is present, the files its "weight_map" names (Hugging Face's sharded checkpoints; each
/// tensor must be in the file the map gives, and each name in one file only).
public struct ModelTensors: Sendable {
    public let files: [SafetensorsFile]
    let location: [String: Int]

    /// Tensors spread over files; a name in two files is refused.
    public init(files: [SafetensorsFile]) throws {
        var location = [String: Int]()
        for (k, file) in files.enumerated() {
            for e in file.entries {
                if let other = location[e.name] {
                    throw ModelError("tensor '\(e.name)' is in both \(files[other].source) and \(file.source)")
                }
                location[e.name] = k
            }
        }
        self.files = files
        self.location = location
    }

    public init(directory: URL) throws {
        let index = directory.appendingPathComponent("model.safetensors.index.json")
        guard let json = try JSONFile.readIfPresent(index) else {
            try self.init(files: [SafetensorsFile(contentsOf: directory.appendingPathComponent("model.safetensors"))])
            return
        }
        guard case .object(let map)? = json["weight_map"] else {
            throw ModelError("\(index.lastPathComponent): no \"weight_map\" object")
        }
        var shards = [String]()
        var expected = [String: String]()
        for member in map {
            guard let name = member.value.stringValue, !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
                throw ModelError("\(index.lastPathComponent): weight_map.\(member.key) must name a file in the folder")
            }
            if !shards.contains(name) { shards.append(name) }
            expected[member.key] = name
        }
        guard !shards.isEmpty else { throw ModelError("\(index.lastPathComponent): the weight_map is empty") }
        try self.init(files: shards.map { try SafetensorsFile(contentsOf: directory.appendingPathComponent($0)) })
        for (name, file) in expected {
            guard let k = location[name] else { throw ModelError("\(file): no tensor '\(name)', which \(index.lastPathComponent) places there") }
            guard files[k].source == file else {
                throw ModelError("tensor '\(name)' is in \(files[k].source), \(index.lastPathComponent) places it in \(file)")
            }
        }
    }

    /// Every tensor name.
    public var names: [String] { location.keys.sorted() }

    /// The file that holds `name` (for error messages), or nil.
    public func file(of name: String) -> SafetensorsFile? { location[name].map { files[$0] } }

    /// The files' names, for messages about the whole checkpoint.
    public var source: String { files.map(\.source).joined(separator: "+") }

    public func entry(_ name: String) -> SafetensorsFile.Entry? {
        file(of: name)?.entries.first { $0.name == name }
    }

    public func doubles(_ name: String) throws -> Tensor<Double> {
        guard let f = file(of: name) else { throw ModelError("\(source): no tensor '\(name)'") }
        return try f.doubles(name)
    }

    public func integers(_ name: String) throws -> [Int64] {
        guard let f = file(of: name) else { throw ModelError("\(source): no tensor '\(name)'") }
        return try f.integers(name)
    }

    /// The tensor `name`, checked to have `shape`: one-line errors name the file and the tensor.
    public func tensor(_ name: String, _ shape: [Int], needed: String = "the config needs") throws -> Tensor<Double> {
        guard let f = file(of: name), let e = entry(name) else { throw ModelError("\(source): missing tensor '\(name)'") }
        guard e.shape == shape else {
            throw ModelError("\(f.source): tensor '\(name)' has shape \(e.shape), \(needed) \(shape)")
        }
        return try f.doubles(name)
    }
}
