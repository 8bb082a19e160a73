import Foundation
import Testing

/// Runs the built `spikebound` executable, as a user would.
struct CommandRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The executable beside the test bundle in the build folder.
    static var executable: URL? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("spikebound")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// Runs the executable with `arguments`, in `directory` when given.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        try run(
            via: try #require(executable, "the spikebound executable was not built beside the tests").path, arguments, in: directory,
            environment: environment)
    }

    /// Runs another program (such as `script`, which gives the command a terminal).
    /// `environment` is added to (or replaces entries of) this process's environment.
    static func run(via program: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let url = URL(fileURLWithPath: program)
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
