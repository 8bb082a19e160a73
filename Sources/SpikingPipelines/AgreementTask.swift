import ReferenceTransformer
import Tensors

/// A label-free fidelity task (`--head FILE`): a linear head on the pooled embedding classifies
/// every primary input, and the figure is the *agreement*, the fraction of inputs whose SNN
/// top-1 equals the ANN's top-1, at every T. The ANN agrees with itself by definition (1).
public struct AgreementTask: Sendable {
    /// The head file's name.
    public let name: String
    public let head: LinearHead
    /// The inputs the head classifies, by sample name.
    public let samples: [String]

    public init(name: String, head: LinearHead, samples: [String]) throws {
        guard !samples.isEmpty else { throw OperatorError.invalidParameter("\(name): a head needs inputs to classify (--texts or --inputs)") }
        self.name = name
        self.head = head
        self.samples = samples
    }

    public func evaluate(_ result: ConversionResult) throws -> TaskResult {
        var index = [String: Int]()
        for (k, name) in result.samples.enumerated() { index[name] = k }
        let positions = try samples.map { s -> Int in
            guard let k = index[s] else { throw OperatorError.invalidParameter("\(name): the run has no sample '\(s)'") }
            return k
        }
        func predictions(_ embeddings: [[Double]]) throws -> [Int] {
            try positions.map { k in
                guard k < embeddings.count else { throw OperatorError.invalidParameter("\(name): no embedding for sample \(k)") }
                return try head.classify(embeddings[k])
            }
        }
        let ann = try predictions(result.embeddings.ann)
        let steps = result.steps.map(\.T)
        var snn = [Int: [Int]]()
        for T in steps { snn[T] = try predictions(result.embeddings.snn[T] ?? []) }
        func agreement(_ p: [Int]) -> Double { Double(zip(p, ann).filter { $0 == $1 }.count) / Double(ann.count) }
        return TaskResult(
            task: name, kind: .classification, metric: "agreement", count: ann.count,
            value: .init(ann: 1, snn: steps.map { TaskResult.Point(T: $0, value: agreement(snn[$0] ?? [])) }), pearson: nil,
            method: "the head's top-1 (\(head.labels.count) classes, \(head.inputs) inputs) on the pooled embedding of every input, "
                + "SNN against ANN (no labels)",
            items: .agreement(ann: ann, snn: snn))
    }
}
