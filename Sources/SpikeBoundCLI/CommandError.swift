import ArgumentParser
import ExactArithmetic

/// A bad input to a command: printed as one line, exit code 2.
struct InputError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }

    /// Wraps an arithmetic error with the argument it came from.
    init(_ argument: String, _ error: Error) {
        description = "\(argument): \(error)"
    }
}

/// A check that ran and failed (an unsound or regressed result): exit code 1.
struct CheckFailure: Error, CustomStringConvertible {
    let description: String
}
