import Tensors

/// A sentence-similarity task: pairs of samples with a gold score. Its metric is Spearman's ρ
/// (and Pearson's r) of cos(embedding_a, embedding_b) against the gold scores, for the ANN and
/// for the SNN at every T.
public struct SimilarityTask: Sendable, Equatable {
    public struct Pair: Sendable, Equatable {
        /// The samples' names.
        public let a: String
        public let b: String
        public let score: Double

        public init(a: String, b: String, score: Double) {
            self.a = a
            self.b = b
            self.score = score
        }
    }

    /// Where the pairs came from (a file name).
    public let name: String
    public let pairs: [Pair]

    /// At least 2 pairs, finite scores that are not all equal (else no correlation exists).
    public init(name: String, pairs: [Pair]) throws {
        guard pairs.count >= 2 else { throw OperatorError.invalidParameter("\(name): a similarity task needs at least 2 pairs, got \(pairs.count)") }
        guard pairs.allSatisfy({ $0.score.isFinite }) else { throw OperatorError.invalidParameter("\(name): a score is NaN or infinite") }
        guard Set(pairs.map(\.score)).count >= 2 else {
            throw OperatorError.invalidParameter("\(name): every pair has the same score, so no correlation is defined")
        }
        self.name = name
        self.pairs = pairs
    }

    /// The metric on a run's embeddings.
    public func evaluate(_ result: ConversionResult) throws -> TaskResult {
        var index = [String: Int]()
        for (k, name) in result.samples.enumerated() { index[name] = k }
        let positions = try pairs.map { p -> (Int, Int) in
            guard let i = index[p.a], let j = index[p.b] else {
                throw OperatorError.invalidParameter("\(name): the run has no sample '\(index[p.a] == nil ? p.a : p.b)'")
            }
            return (i, j)
        }
        let gold = pairs.map(\.score)
        func cosines(_ e: [[Double]]) -> [Double] { positions.map { EmbeddingAgreement.cosine(e[$0.0], e[$0.1]) } }
        let ann = cosines(result.embeddings.ann)
        let steps = result.steps.map(\.T)
        let snn = steps.map { cosines(result.embeddings.snn[$0] ?? []) }
        return TaskResult(
            task: name, kind: .similarity, metric: "spearman", count: pairs.count,
            value: .init(ann: Correlation.spearman(ann, gold), snn: zip(steps, snn).map { .init(T: $0, value: Correlation.spearman($1, gold)) }),
            pearson: .init(ann: Correlation.pearson(ann, gold), snn: zip(steps, snn).map { .init(T: $0, value: Correlation.pearson($1, gold)) }),
            method: nil, items: .similarity(gold: gold, ann: ann, snn: Dictionary(uniqueKeysWithValues: zip(steps, snn))))
    }
}
