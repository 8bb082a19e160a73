import ReferenceTransformer
import Tensors

/// A text-classification task: samples with a label. Its metric is the accuracy of the ANN and
/// of the SNN at every T, through the checkpoint's classifier head where it has one (on every
/// example), else through a linear probe (`LinearProbe`) fitted on the ANN's sentence
/// embeddings of a training split and evaluated on the rest. The split is fixed by a seed: a
/// Fisher–Yates shuffle of the examples with SplitMix64 from `seed`, the first
/// ⌊`trainFraction`·n⌋ for training (the SNN is evaluated with the ANN's probe).
public struct ClassificationTask: Sendable {
    public struct Example: Sendable, Equatable {
        public let sample: String
        public let label: Int

        public init(sample: String, label: Int) {
            self.sample = sample
            self.label = label
        }
    }

    public enum Classifier: Sendable {
        case head(SequenceClassifierHead)
        case probe(seed: UInt64, trainFraction: Double)
    }

    public let name: String
    public let labels: [String]
    public let examples: [Example]
    public let classifier: Classifier

    public static let defaultSeed: UInt64 = 0
    public static let defaultTrainFraction = 0.7

    public init(name: String, labels: [String], examples: [Example], classifier: Classifier) throws {
        guard labels.count >= 2 else { throw OperatorError.invalidParameter("\(name): a classification task needs at least 2 labels, got \(labels.count)") }
        guard examples.allSatisfy({ labels.indices.contains($0.label) }) else {
            throw OperatorError.invalidParameter("\(name): a label index is outside the \(labels.count) labels")
        }
        if case .probe(_, let fraction) = classifier {
            guard fraction > 0, fraction < 1 else { throw OperatorError.invalidParameter("\(name): the training fraction must be in (0, 1)") }
            let train = Int((fraction * Double(examples.count)).rounded(.down))
            guard train >= 2, examples.count - train >= 1 else {
                throw OperatorError.invalidParameter("\(name): \(examples.count) examples are too few for a probe (at least 2 to train and 1 to test)")
            }
        }
        self.name = name
        self.labels = labels
        self.examples = examples
        self.classifier = classifier
    }

    /// The training and evaluation examples of the probe's split (all examples evaluated for a
    /// head).
    public var split: (train: [Example], test: [Example]) {
        guard case .probe(let seed, let fraction) = classifier else { return ([], examples) }
        var order = Array(examples.indices)
        var rng = SplitMix(state: seed)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        let train = Int((fraction * Double(examples.count)).rounded(.down))
        return (order.prefix(train).map { examples[$0] }, order.dropFirst(train).map { examples[$0] })
    }

    public func evaluate(_ result: ConversionResult) throws -> TaskResult {
        var index = [String: Int]()
        for (k, name) in result.samples.enumerated() { index[name] = k }
        func position(_ e: Example) throws -> Int {
            guard let k = index[e.sample] else { throw OperatorError.invalidParameter("\(name): the run has no sample '\(e.sample)'") }
            return k
        }
        let (train, test) = split
        let steps = result.steps.map(\.T)
        let predict: ([[Double]], [[Double]], Int) throws -> Int
        let method: String
        switch classifier {
        case .head(let head):
            predict = { _, first, k in try head.classify(firstToken: first[k]) }
            method = "the checkpoint's classifier head (pooler and classifier) on the first token, every example evaluated"
        case .probe(let seed, let fraction):
            let probe = try LinearProbe(
                features: try train.map { result.embeddings.ann[try position($0)] }, labels: train.map(\.label), classes: labels.count)
            predict = { pooled, _, k in probe.classify(pooled[k]) }
            method = "a linear probe (ridge regression of one-hot labels, λ = \(probe.ridge)) fitted on the ANN's pooled embeddings of "
                + "\(train.count) examples (a SplitMix64 shuffle with seed \(seed), the first \(Int(fraction * 100))%); accuracy on the other \(test.count)"
        }
        func predictions(_ pooled: [[Double]], _ first: [[Double]]) throws -> [Int] {
            try test.map { try predict(pooled, first, try position($0)) }
        }
        let labels = test.map(\.label)
        func accuracy(_ predicted: [Int]) -> Double {
            Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
        }
        let ann = try predictions(result.embeddings.ann, result.embeddings.annFirstToken)
        var snn = [Int: [Int]]()
        for T in steps { snn[T] = try predictions(result.embeddings.snn[T] ?? [], result.embeddings.snnFirstToken[T] ?? []) }
        return TaskResult(
            task: name, kind: .classification, metric: "accuracy", count: test.count,
            value: .init(ann: accuracy(ann), snn: steps.map { TaskResult.Point(T: $0, value: accuracy(snn[$0] ?? [])) }), pearson: nil,
            method: method, items: .classification(labels: labels, ann: ann, snn: snn))
    }
}
