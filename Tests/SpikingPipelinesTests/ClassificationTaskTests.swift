import Foundation
import ReferenceTransformer
import SpikingPipelines
import Tensors
import Testing

/// The classification metric's parts: the linear probe, the seeded split and the head.
@Suite struct ClassificationTaskTests {
    @Test func theProbeSeparatesSeparableClasses() throws {
        // Two clusters in 3-D, around (1, 0, 0) and (0, 1, 0), and a third around (0, 0, 1).
        var rng = SplitMix(state: 7)
        func near(_ c: [Double]) -> [Double] { c.map { $0 + Double(rng.next() % 1000) / 10_000 - 0.05 } }
        let centres: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        var x = [[Double]](), y = [Int]()
        for k in 0..<30 { x.append(near(centres[k % 3])); y.append(k % 3) }
        let probe = try LinearProbe(features: x, labels: y, classes: 3)
        #expect(zip(x, y).allSatisfy { probe.classify($0) == $1 })
        #expect(probe.classify([0.9, 0.1, 0]) == 0 && probe.classify([0, 0.2, 0.9]) == 2)
        #expect(throws: (any Error).self) { try LinearProbe(features: x, labels: y, classes: 2) }
        #expect(throws: (any Error).self) { try LinearProbe(features: [[1], [2]], labels: [0], classes: 2) }
        #expect(throws: (any Error).self) { try LinearProbe(features: [[.nan], [2]], labels: [0, 1], classes: 2) }
    }

    @Test func theSplitIsSeededAndPartitions() throws {
        let examples = (0..<20).map { ClassificationTask.Example(sample: "s.\($0)", label: $0 % 2) }
        let task = try ClassificationTask(name: "t", labels: ["a", "b"], examples: examples, classifier: .probe(seed: 0, trainFraction: 0.7))
        let (train, test) = task.split
        #expect(train.count == 14 && test.count == 6)
        #expect(Set((train + test).map(\.sample)) == Set(examples.map(\.sample)))
        #expect(task.split.train == train)  // the same every time
        let other = try ClassificationTask(name: "t", labels: ["a", "b"], examples: examples, classifier: .probe(seed: 1, trainFraction: 0.7))
        #expect(other.split.train != train)
        #expect(throws: (any Error).self) {
            try ClassificationTask(name: "t", labels: ["a", "b"], examples: Array(examples.prefix(2)), classifier: .probe(seed: 0, trainFraction: 0.7))
        }
        #expect(throws: (any Error).self) { try ClassificationTask(name: "t", labels: ["a"], examples: [], classifier: .probe(seed: 0, trainFraction: 0.7)) }
    }

    /// logits = W_c·tanh(W_p·h₀ + b_p) + b_c, computed by hand.
    @Test func theHeadIsPoolerThenClassifier() throws {
        let pooler = try Linear(weight: try Tensor(shape: [2, 2], values: [1, 0, 0, 2]), bias: try Tensor(vector: [0, -1]))
        let classifier = try Linear(weight: try Tensor(shape: [3, 2], values: [1, 0, 0, 1, -1, -1]), bias: try Tensor(vector: [0, 0, 0.5]))
        let head = try SequenceClassifierHead(pooler: pooler, classifier: classifier, labels: ["x", "y", "z"])
        let z = try head.logits(firstToken: [0.5, 1])
        let p = [tanh(0.5), tanh(1.0)]
        #expect(abs(z[0] - p[0]) < 1e-15 && abs(z[1] - p[1]) < 1e-15 && abs(z[2] - (0.5 - p[0] - p[1])) < 1e-15)
        #expect(try head.classify(firstToken: [0.5, 1]) == 1)
        #expect(throws: (any Error).self) { try SequenceClassifierHead(pooler: pooler, classifier: classifier, labels: ["x"]) }
    }
}
