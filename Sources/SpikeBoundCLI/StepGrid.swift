import ArgumentParser

/// The --T option of several commands: comma-separated step counts, each in 1…100000.
enum StepGrid {
    /// The grid, sorted and without repeats; errors name the option.
    static func parse(_ text: String) throws -> [Int] {
        do { return try values(text) } catch let error as ValidationError { throw ValidationError("--T: \(error.message)") }
    }

    /// `parse` for an option's transform, whose errors ArgumentParser prefixes with the option.
    static func values(_ text: String) throws -> [Int] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let values = try items.map { item -> Int in
            guard let t = Int(item) else {
                let digits = item.drop { $0 == "-" || $0 == "+" }
                let isLong = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
                throw ValidationError(isLong ? "'\(item)' is outside 1…100000" : "'\(item)' is not a whole number of steps")
            }
            guard t >= 1 else { throw ValidationError("every T must be ≥ 1, got \(t)") }
            guard t <= 100_000 else { throw ValidationError("\(t) steps is more than 100000") }
            return t
        }
        return Array(Set(values)).sorted()
    }
}
