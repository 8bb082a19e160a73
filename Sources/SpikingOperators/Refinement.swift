import ExactArithmetic
import Tensors

/// Runs `body` at increasing precision while interval arithmetic leaves a firing decision
/// undecided: `bits`, 2·bits, … up to `Precision.maximumBits`. A decision that is still
/// undecided at the maximum precision is rethrown as `OperatorError.undecided`, naming the
/// precision: it is reported, never guessed.
public func refiningPrecision<T>(from bits: Int, _ body: (NumericContext) throws -> T) throws -> T {
    var current = max(1, min(bits, Precision.maximumBits))
    while true {
        do {
            return try body(NumericContext(bits: current))
        } catch OperatorError.undecided(let what) {
            guard current < Precision.maximumBits else {
                throw OperatorError.undecided("\(what), still undecided at \(current) bits")
            }
            current = min(2 * current, Precision.maximumBits)
        }
    }
}
