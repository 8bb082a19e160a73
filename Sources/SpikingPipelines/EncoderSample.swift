import Tensors

/// One encoder input: the embedding-layer output [tokens, hidden] and its attention mask
/// (false for a padded token; nil attends to every token).
public struct EncoderSample: Sendable {
    public let name: String
    public let input: Tensor<Double>
    public let mask: [Bool]?

    public init(name: String, input: Tensor<Double>, mask: [Bool]?) throws {
        guard input.rank == 2 else { throw OperatorError.shapeMismatch("input \(name) has shape \(input.shape), expected [tokens, hidden]") }
        if let mask {
            guard mask.count == input.shape[0] else {
                throw OperatorError.shapeMismatch("input \(name): mask of \(mask.count) for \(input.shape[0]) tokens")
            }
            guard mask.contains(true) else { throw OperatorError.invalidParameter("input \(name): the mask hides every token") }
        }
        guard input.values.allSatisfy(\.isFinite) else { throw OperatorError.invalidParameter("input \(name) holds NaN or infinity") }
        self.name = name
        self.input = input
        self.mask = mask
    }

    /// The sample without its padded tokens: the kept rows in order, and no mask. The encoder's
    /// results on the kept tokens are the same for both: attention gives a masked key exactly
    /// zero weight (and STA's softmax reads the kept keys only), and every other operator,
    /// neurons included, works token by token. The built-in kernel skips the zero weights, so
    /// the sums are the same to the bit; a BLAS library may order them differently.
    public var unpadded: EncoderSample {
        guard let mask, mask.contains(false) else { return self }
        let rows = keptTokens
        let values = rows.flatMap { input.row($0) }
        // The kept rows of a valid sample form a valid sample.
        return (try? EncoderSample(name: name, input: Tensor(shape: [rows.count, input.shape[1]], values: values), mask: nil)) ?? self
    }

    /// The indices of the tokens that count (every token without a mask).
    public var keptTokens: [Int] { (0..<input.shape[0]).filter { mask?[$0] ?? true } }
}

extension Tensor {
    /// The given rows of a matrix.
    func selectingRows(_ rows: [Int]) -> [ArraySlice<Scalar>] { rows.map { row($0) } }
}
