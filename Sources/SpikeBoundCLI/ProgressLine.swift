import Foundation
import Synchronization

/// The progress of a long job on one terminal line: each task's stage and the estimated time
/// left. Only a terminal gets it: nothing is written when standard error is not a TTY, when
/// the environment sets CI, or with --quiet.
final class ProgressLine: Sendable {
    struct Task {
        var stage = "waiting"
        /// The fraction done, 0…1.
        var done = 0.0
    }

    struct State {
        var tasks: [String: Task] = [:]
        var order: [String] = []
        var lastDraw = 0.0
        var drawn = false
    }

    let enabled: Bool
    let start = Date()
    let state = Mutex(State())

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
    }

    /// Sets a task's stage and fraction done, and redraws at most twice a second.
    func update(_ task: String, stage: String, done: Double) {
        guard enabled else { return }
        let line: String? = state.withLock { s in
            if s.tasks[task] == nil { s.order.append(task) }
            s.tasks[task] = Task(stage: stage, done: min(max(done, 0), 1))
            let now = Date().timeIntervalSince(start)
            guard now - s.lastDraw >= 0.5 || !s.drawn else { return nil }
            s.lastDraw = now
            s.drawn = true
            return Self.line(s, elapsed: now)
        }
        if let line { FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8)) }
    }

    /// Ends the line, so that what follows starts on its own.
    func finish() {
        let drawn = state.withLock { s -> Bool in
            defer { s.drawn = false }
            return s.drawn
        }
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// "ecmt: a priori, T = 4, layer 3 (62%) · sta: inputs 12/18 (67%) · 1:40 elapsed, about 1:02 left".
    static func line(_ s: State, elapsed: Double) -> String {
        let parts = s.order.compactMap { name in s.tasks[name].map { "\(name): \($0.stage) (\(Int($0.done * 100))%)" } }
        var text = parts.joined(separator: " · ") + " · \(clock(elapsed)) elapsed"
        // The slowest task decides: its elapsed time over its fraction done.
        if let slowest = s.tasks.values.map(\.done).min(), slowest > 0.02 {
            text += ", about \(clock(elapsed * (1 - slowest) / slowest)) left"
        }
        let width = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 160
        return text.count > width ? String(text.prefix(width - 1)) + "…" : text
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d", s / 60, s % 60)
    }
}
