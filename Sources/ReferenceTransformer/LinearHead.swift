import Tensors

/// A linear classification head on a pooled embedding (`--head FILE`): logits W·x + b, the
/// predicted class their argmax (the first of equal largest logits, so a tie is decided the same
/// way every time). Typically a logistic regression trained on a sentence-transformers
/// embedding.
public struct LinearHead: Sendable {
    public let classifier: Linear<Double>
    /// The class names, by index.
    public let labels: [String]

    /// At least 2 classes, one name per class, every weight finite.
    public init(weight: Tensor<Double>, bias: Tensor<Double>, labels: [String]) throws {
        let classifier = try Linear(weight: weight, bias: bias)
        guard classifier.outputs >= 2 else { throw OperatorError.shapeMismatch("a head needs at least 2 classes, got \(classifier.outputs)") }
        guard labels.count == classifier.outputs else {
            throw OperatorError.shapeMismatch("\(labels.count) labels for a head of \(classifier.outputs) classes")
        }
        guard weight.values.allSatisfy(\.isFinite), bias.values.allSatisfy(\.isFinite) else {
            throw OperatorError.invalidParameter("a head's weight or bias is NaN or infinite")
        }
        self.classifier = classifier
        self.labels = labels
    }

    /// The embedding width the head reads.
    public var inputs: Int { classifier.inputs }

    public func logits(_ embedding: [Double]) throws -> [Double] {
        guard embedding.count == inputs else {
            throw OperatorError.shapeMismatch("a head of \(inputs) inputs on an embedding of \(embedding.count)")
        }
        return try classifier(try Tensor(shape: [1, embedding.count], values: embedding)).values
    }

    /// The index of the largest logit (the first of several equal ones).
    public func classify(_ embedding: [Double]) throws -> Int {
        let z = try logits(embedding)
        var best = 0
        for i in z.indices where z[i] > z[best] { best = i }
        return best
    }
}
