import Diagnostics
import Foundation

/// A JSON file read whole, with one-line errors naming it.
public enum JSONFile {
    public static func read(_ url: URL) throws -> JSONValue {
        let data = try InputFile.read(url)
        do { return try JSONParser.parse(bytes: Array(data)) } catch let error as JSONError {
            throw ModelError("\(url.lastPathComponent): \(error)")
        }
    }

    /// `read`, or nil when the file does not exist.
    public static func readIfPresent(_ url: URL) throws -> JSONValue? {
        FileManager.default.fileExists(atPath: url.path) ? try read(url) : nil
    }
}
