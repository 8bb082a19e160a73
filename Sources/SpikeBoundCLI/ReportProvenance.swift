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
