import ArgumentParser

/// How many of the inputs an option applies to: `all`, or the first N (N ≥ 0), parsed once.
enum InputCount: ExpressibleByArgument, Equatable, Sendable, CustomStringConvertible {
    case all
    case first(Int)

    init?(argument: String) {
        if argument == "all" { self = .all; return }
        guard let n = Int(argument), n >= 0 else { return nil }
        self = .first(n)
    }

    var defaultValueDescription: String { description }
    var description: String {
        switch self {
        case .all: return "all"
        case .first(let n): return "\(n)"
        }
    }

    /// The first inputs it names, of `count`.
    func of(_ count: Int) -> Int {
        switch self {
        case .all: return count
        case .first(let n): return min(n, count)
        }
    }

    var isNone: Bool { self == .first(0) }
}
