import Crypto
import Diagnostics
import Foundation
import Studies

/// Lowercase hex SHA-256 digests: of bytes, of a file, and of a folder (the SHA-256 of the
/// lines "RELATIVE-PATH SHA-256" of every file under it, in sorted order, so that renaming,
/// adding or changing any file changes it). Reports record them as provenance; calibration
/// files and shards compare them to refuse another model or other inputs.
public enum ContentHash {
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The digest of a study's model folder, every file in it (the weights, the tokenizer's
    /// files, the pooling modules, anything else): a report's provenance hashes the files it
    /// names; calibration files and shards also check the folder as a whole.
    public static func modelFolder(_ inputs: StudyInputs) throws -> String {
        try sha256(inputs.checkpoint.modelDirectory)
    }

    /// A file's or a folder's digest; a file that cannot be read is a one-line error naming it.
    public static func sha256(_ url: URL) throws -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            guard let paths = FileManager.default.subpaths(atPath: url.path) else { throw StudyFileError("cannot list \(url.path) to hash it") }
            var lines = ""
            for path in paths.sorted() {
                var d: ObjCBool = false
                let file = url.appendingPathComponent(path)
                guard FileManager.default.fileExists(atPath: file.path, isDirectory: &d), !d.boolValue else { continue }
                lines += "\(path) \(try sha256(file))\n"
            }
            return sha256(Data(lines.utf8))
        }
        do { return sha256(try InputFile.read(url)) } catch { throw StudyFileError("\(error)") }
    }
}
