/// What a reader made of one input.
public enum ReaderOutcome: Equatable, Sendable {
    /// Read (and, for the targets that run it, run) without error.
    case accepted
    /// Refused with this error message, one line.
    case refused(String)
    /// A broken promise: a refusal that is not one non-empty line, or a read value that fails
    /// the target's invariant (a JSON document or a rational that does not read back, a
    /// tokenization without [CLS] … [SEP]). The fuzz targets abort on it; the replay test fails.
    case violated(String)

    /// The outcome of a reader that throws `error`: refused, or violated when the message is
    /// empty or more than one line.
    static func refusal(_ error: any Error) -> ReaderOutcome {
        let message = String(describing: error)
        if message.isEmpty { return .violated("an empty error message (\(type(of: error)))") }
        if message.contains(where: \.isNewline) { return .violated("an error message of several lines: \(message.debugDescription)") }
        return .refused(message)
    }

    /// The outcome of `body`: accepted, refused, or the violation it returns.
    static func of(_ body: () throws -> String?) -> ReaderOutcome {
        do {
            if let broken = try body() { return .violated(broken) }
            return .accepted
        } catch {
            return refusal(error)
        }
    }
}
