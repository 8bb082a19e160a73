import ArgumentParser

/// The --T option of several commands: comma-separated step counts, each in 1…100000.
enum StepGrid {
    static func parse(_ text: String) throws -> [Int] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let values = try items.map { item -> Int in
            guard let t = Int(item) else { throw ValidationError("--T: '\(item)' is not an integer") }
            guard t >= 1 else { throw ValidationError("--T: every T must be ≥ 1, got \(t)") }
            guard t <= 100_000 else { throw ValidationError("--T: \(t) steps is more than 100000") }
            return t
        }
        return Array(Set(values)).sorted()
    }
}
