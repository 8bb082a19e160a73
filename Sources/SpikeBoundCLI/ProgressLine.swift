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
        var finished = false
    }

    let enabled: Bool
    let start = Date()
    let state = Mutex(State())

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
        guard enabled else { return }
        // A heartbeat: the elapsed time and the estimate move on during a long stage that sends
        // no updates. It redraws only a line already drawn, and stops at `finish`.
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 1)
                let stop = state.withLock { s -> Bool in
                    if s.finished { return true }
                    let now = Date().timeIntervalSince(start)
                    if s.drawn, now - s.lastDraw >= 1 {
                        s.lastDraw = now
                        Self.write("\r\u{1B}[K" + Self.line(s, elapsed: now))
                    }
                    return false
                }
                if stop { return }
            }
        }
        thread.start()
    }

    /// Writes to standard error; called with the state locked, so that lines never interleave.
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Sets a task's stage and fraction done, and redraws at most twice a second.
    func update(_ task: String, stage: String, done: Double) {
        guard enabled else { return }
        state.withLock { s in
            guard !s.finished else { return }
            if s.tasks[task] == nil { s.order.append(task) }
            s.tasks[task] = Task(stage: stage, done: min(max(done, 0), 1))
            let now = Date().timeIntervalSince(start)
            guard now - s.lastDraw >= 0.5 || !s.drawn else { return }
            s.lastDraw = now
            s.drawn = true
            Self.write("\r\u{1B}[K" + Self.line(s, elapsed: now))
        }
    }

    /// Ends the line, so that what follows starts on its own, and stops the heartbeat. Later
    /// updates draw nothing.
    func finish() {
        guard enabled else { return }
        state.withLock { s in
            if s.drawn { Self.write("\r\u{1B}[K") }
            s.drawn = false
            s.finished = true
        }
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
