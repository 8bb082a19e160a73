import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Row ranges of a large exact or interval computation run on the machine's cores
/// (libdispatch), the parts joined in row order. Each output row depends only on its own
/// inputs, so the result is the one the sequential loop gives, whatever the split.
/// Nested use (from a worker already inside concurrentPerform) is safe: libdispatch runs the
/// parts on the threads it has, on the caller's alone at worst.
public enum ParallelRows {
    /// The processors this process may run on (its affinity mask, as `taskset` or a container
    /// sets it), else the online processors; read once, at first use, not on every product.
    public static let cores: Int = {
        #if canImport(Glibc)
        if let allowed = allowedCPUs, allowed > 0 { return allowed }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 1
        #endif
    }()

    /// The number of CPUs in /proc/self/status's Cpus_allowed mask (Linux; Glibc's Swift module
    /// does not export sched_getaffinity), or nil.
    static var allowedCPUs: Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            guard text.hasPrefix("Cpus_allowed:") else { continue }
            let mask = text.dropFirst("Cpus_allowed:".count).filter { $0.isHexDigit }
            return mask.reduce(0) { $0 + (Int(String($1), radix: 16) ?? 0).nonzeroBitCount }
        }
        return nil
    }

    /// body(range) for consecutive ranges covering 0..<count, concatenated in order. The work is
    /// cut into up to 4 parts per core (so that a busy core does not hold the rest back), and
    /// runs on one thread when `count` is below 2 or `parallel` is false. The first part's error
    /// (in row order) is rethrown; a body that cannot throw makes `map` non-throwing.
    public static func map<T: Sendable, E: Error>(
        _ count: Int, parallel: Bool = true, _ body: @Sendable (Range<Int>) throws(E) -> [T]
    ) throws(E) -> [T] {
        let parts = parallel ? min(count, 4 * cores) : 1
        if parts <= 1 { return try body(0..<count) }
        let results = Mutex([Result<[T], E>?](repeating: nil, count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = (count * part / parts)..<(count * (part + 1) / parts)
            let result = Result { () throws(E) -> [T] in try body(range) }
            results.withLock { $0[part] = result }
        }
        var out = [T]()
        for result in results.withLock({ $0 }) {
            guard let result else { continue }
            out += try result.get()
        }
        return out
    }

    /// body(range) for consecutive ranges covering 0..<count, for its effects (each part writes
    /// its own rows), split as in `map`.
    public static func forEach(_ count: Int, parallel: Bool = true, _ body: @Sendable (Range<Int>) -> Void) {
        _ = map(count, parallel: parallel) { range -> [Never] in
            body(range)
            return []
        }
    }
}
