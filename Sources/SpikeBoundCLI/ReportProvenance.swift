import Crypto
import Diagnostics
import ExactArithmetic
import Foundation
import Reports
import Studies
import Tensors

/// Gathers a report's provenance: the checkout's git revision, the tool, compiler, GMP and
/// matrix-kernel versions, and the SHA-256 of the model's files.
enum ReportProvenance {
    /// The compiler that built this tool.
    static var swift: String {
        #if compiler(>=6.4)
        return "Swift 6.4 or later"
        #elseif compiler(>=6.3)
        return "Swift 6.3"
        #elseif compiler(>=6.2)
        return "Swift 6.2"
        #else
        return "Swift 6.1"
        #endif
    }

    /// `git rev-parse HEAD` in the current folder, "-dirty" appended when tracked files changed;
    /// "unknown" outside a checkout or without git.
    static func gitRevision() -> String {
        guard let head = git(["rev-parse", "HEAD"]), !head.isEmpty else { return "unknown" }
        let changes = git(["status", "--porcelain", "--untracked-files=no"]) ?? ""
        return changes.isEmpty ? head : head + "-dirty"
    }

    static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Lowercase hex SHA-256 of a file; of a folder (--images, --image-classes), the SHA-256 of
    /// the lines "RELATIVE-PATH SHA-256" of every file under it, in sorted order.
    static func sha256(_ url: URL) throws -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            guard let paths = FileManager.default.subpaths(atPath: url.path) else { throw InputError("cannot list \(url.path) to hash it") }
            var lines = ""
            for path in paths.sorted() {
                var d: ObjCBool = false
                let file = url.appendingPathComponent(path)
                guard FileManager.default.fileExists(atPath: file.path, isDirectory: &d), !d.boolValue else { continue }
                lines += "\(path) \(try sha256(file))\n"
            }
            return SHA256.hash(data: Data(lines.utf8)).map { String(format: "%02x", $0) }.joined()
        }
        let data = try InputFile.read(url)
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    static func model(_ path: String, _ loaded: StudyInputs) throws -> ModelProvenance {
        var hashes = [String: String]()
        for url in loaded.checkpoint.files { hashes[url.lastPathComponent] = try sha256(url) }
        let weights = loaded.checkpoint.modelDirectory
        for url in loaded.inputFiles { hashes[url.lastPathComponent] = try sha256(url) }
        let sentences = weights.appendingPathComponent("sentences.json")
        if FileManager.default.fileExists(atPath: sentences.path) { hashes["sentences.json"] = try sha256(sentences) }
        let c = loaded.weights.config
        return ModelProvenance(
            path: path, architecture: c.architecture.rawValue, layers: c.layers, hiddenSize: c.hiddenSize, sha256: hashes,
            inputs: loaded.samples.map(\.name), family: loaded.checkpoint.family.rawValue,
            imagePreprocessing: loaded.checkpoint.vision?.preprocessing.description)
    }

    static var blas: String {
        let builtIn = "built-in event-driven kernel (\(DoubleKernels.instructionSet))"
        return BLASLibrary.shared.map {
            "\($0.path) for \(BLASRouting.description), else \(builtIn)"
        } ?? builtIn
    }

    static var gmp: String { "GMP \(GMPLibrary.version)" }

    /// Now, ISO 8601 in UTC to the second.
    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date())
    }
}
