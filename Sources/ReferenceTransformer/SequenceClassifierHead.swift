import Foundation
import Tensors

/// BERT's sequence-classification head (Hugging Face `BertForSequenceClassification`): the
/// pooler, p = tanh(W_p·h₀ + b_p) on the first token's last-layer output h₀, then the
/// classifier's logits W_c·p + b_c; the predicted class is the largest logit (the lowest index
/// on a tie).
public struct SequenceClassifierHead: Sendable {
    public let pooler: Linear<Double>
    public let classifier: Linear<Double>
    /// The class names, by index (config.json's id2label).
    public let labels: [String]

    public init(pooler: Linear<Double>, classifier: Linear<Double>, labels: [String]) throws {
        guard pooler.inputs == pooler.outputs, classifier.inputs == pooler.outputs else {
            throw OperatorError.shapeMismatch("pooler \(pooler.weight.shape) and classifier \(classifier.weight.shape) do not compose")
        }
        guard classifier.outputs >= 2, labels.count == classifier.outputs else {
            throw OperatorError.shapeMismatch("\(labels.count) labels for a classifier of \(classifier.outputs) outputs")
        }
        self.pooler = pooler
        self.classifier = classifier
        self.labels = labels
    }

    public func logits(firstToken h: [Double]) throws -> [Double] {
        let x = try Tensor(shape: [1, h.count], values: h)
        let p = try pooler(x).map { tanh($0) }
        return try classifier(p).values
    }

    public func classify(firstToken h: [Double]) throws -> Int {
        let z = try logits(firstToken: h)
        var best = 0
        for i in z.indices where z[i] > z[best] { best = i }
        return best
    }
}
