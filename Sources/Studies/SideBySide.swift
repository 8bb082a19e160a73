import Foundation

/// Runs each body on a thread of its own and waits for all of them. The parts of
/// `spikebound report` (each pipeline, and each pipeline's a priori analysis beside its inputs)
/// are long and themselves spread work over the cores with libdispatch; on their own threads
/// they do not take the dispatch pool's few threads (one per core) and then wait in them, which
/// left cores idle.
public enum SideBySide {
    public static func run(_ bodies: [@Sendable () -> Void]) {
        let done = DispatchGroup()
        for body in bodies {
            done.enter()
            let thread = Thread {
                body()
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
    }
}
