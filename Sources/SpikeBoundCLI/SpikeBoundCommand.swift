import ArgumentParser
import Foundation

/// The `spikebound` command.
public struct SpikeBoundCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "spikebound",
        abstract: "Verify ANN-to-SNN conversion of Transformers with exact arithmetic and certified bounds.",
        discussion: """
            Exit codes: 0 success, 1 a check failed or a firing decision stayed undecided, 2 bad input (a malformed number or file, \
            a value outside a function's domain, a bad option).
            """,
        version: SpikeBoundVersion.current,
        subcommands: [
            ReportCommand.self, CalibrateCommand.self, MergeCommand.self, SlurmCommand.self, CheckCommand.self, RunCommand.self, EncloseCommand.self, SimulateCommand.self, BoundCommand.self,
            AuditGroupCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line, printing one-line errors and exiting with the documented codes:
    /// 0 on success (and for --help), 2 for bad input or a bad option, 1 for a failed check.
    public static func mainWithExitCodes(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help and --version.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let line = oneLine(fullMessage(for: error))
            FileHandle.standardError.write(Data("spikebound: error: \(line)\n".utf8))
            Foundation.exit(error is CheckFailure ? 1 : 2)
        }
    }
}

extension SpikeBoundCommand {
    /// ArgumentParser's message on one line: no usage or help lines, bullets joined by commas.
    static func oneLine(_ message: String) -> String {
        var parts: [String] = []
        var bullets: [String] = []
        for raw in message.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("Usage:") || line.hasPrefix("See '") { continue }
            if line.hasPrefix("Help:") { break }
            if line.hasPrefix("- ") { bullets.append(String(line.dropFirst(2))); continue }
            parts.append(line)
        }
        var text = parts.joined(separator: " ")
        if !bullets.isEmpty { text += " " + bullets.joined(separator: ", ") }
        return text.hasPrefix("Error: ") ? String(text.dropFirst(7)) : text
    }
}

/// The tool's version, reported in --version and in reports.
public enum SpikeBoundVersion {
    public static let current = "0.1.0"
    /// "spikebound VERSION", as reports, calibration files and shards record the tool.
    public static let tool = "spikebound \(current)"
}
