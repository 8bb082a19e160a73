import ArgumentParser
import Bounds
import Diagnostics
import ExactArithmetic
import Tensors

/// A bad input to a command: printed as one line, exit code 2.
struct InputError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description.escapingLineBreaks }

    /// Wraps an arithmetic error with the argument it came from.
    init(_ argument: String, _ error: Error) {
        description = "\(argument): \(error)".escapingLineBreaks
    }
}

/// A check that ran and failed (an unsound or regressed result): exit code 1.
struct CheckFailure: Error, CustomStringConvertible {
    let description: String

    init(description: String) { self.description = description.escapingLineBreaks }
}

extension InputError {
    /// Runs `body`, turning the errors of bad parameters or domains (from the bounds, the
    /// arithmetic and the operators) into one-line input errors.
    static func fromBounds<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as BoundError {
            throw InputError(error.description)
        } catch let error as ArithmeticError {
            throw InputError(error.description)
        } catch let error as OperatorError {
            throw InputError(error.description)
        }
    }
}

extension InputError {
    /// An operator error out of a study: an undecided firing decision is a failed check (exit
    /// 1), anything else bad input (exit 2).
    static func fromStudy(_ error: OperatorError) -> any Error {
        if case .undecided = error { return CheckFailure(description: "\(error)") }
        return InputError("\(error)")
    }
}
