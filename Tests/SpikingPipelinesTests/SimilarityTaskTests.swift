import Foundation
import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Testing

/// The task metric: the correlations against scipy's values, and the ANN's Spearman on the
/// fixture tasks against sentence-transformers' own (Fixtures/tasks/sentence-transformers.json).
@Suite("similarity task")
struct SimilarityTaskTests {
    @Test func correlationsMatchScipy() {
        // scipy.stats.spearmanr / pearsonr of these vectors (ties in both).
        let x = [1.0, 2, 2, 3, 5, 8], y = [2.0, 1, 4, 4, 9, 7]
        #expect(abs(Correlation.spearman(x, y) - 0.8088235294117647) < 1e-14)
        #expect(abs(Correlation.pearson(x, y) - 0.7812170937796872) < 1e-14)
        #expect(Correlation.spearman([1, 1, 1], [1, 2, 3]).isNaN)
        #expect(Correlation.pearson([1], [1]).isNaN)
    }

    @Test func refusesTasksWithoutACorrelation() {
        #expect(throws: (any Error).self) { try SimilarityTask(name: "t", pairs: [.init(a: "a", b: "b", score: 1)]) }
        #expect(throws: (any Error).self) {
            try SimilarityTask(name: "t", pairs: [.init(a: "a", b: "b", score: 1), .init(a: "a", b: "c", score: 1)])
        }
        #expect(throws: (any Error).self) {
            try SimilarityTask(name: "t", pairs: [.init(a: "a", b: "b", score: .nan), .init(a: "a", b: "c", score: 1)])
        }
    }

    /// SpikeBound's ANN, from raw text to the metric, equals sentence-transformers within 10⁻⁴.
    @Test(arguments: ["simlex-quick.tsv", "lee-quick.tsv"])
    func annMatchesSentenceTransformers(_ file: String) throws {
        let checkpoint = try Checkpoint(directory: RepositoryFiles.url("Fixtures/minilm-l6"))
        let (samples, task) = try TextInputs.similarity(RepositoryFiles.url("Fixtures/tasks/\(file)"), prefix: "p", checkpoint: checkpoint)
        let reference = try ReferenceEncoder(checkpoint.weights)
        var embedding = [String: [Double]]()
        for s in samples { embedding[s.name] = try checkpoint.pooling.embed(try reference.forward(s.input, mask: nil).last!, mask: nil) }
        let cos = task.pairs.map { EmbeddingAgreement.cosine(embedding[$0.a]!, embedding[$0.b]!) }
        let gold = task.pairs.map(\.score)
        let expected = try JSONParser.parse(bytes: Array(try Data(contentsOf: RepositoryFiles.url("Fixtures/tasks/sentence-transformers.json"))))
        let spearman = try #require(expected["tasks"]?[file]?["spearman"]?.rationalValue).doubleValue()
        let pearson = try #require(expected["tasks"]?[file]?["pearson"]?.rationalValue).doubleValue()
        #expect(abs(Correlation.spearman(cos, gold) - spearman) < 1e-4)
        #expect(abs(Correlation.pearson(cos, gold) - pearson) < 1e-4)
    }
}
