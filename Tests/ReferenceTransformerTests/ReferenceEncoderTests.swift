import ExactArithmetic
import Foundation
import ModelIO
import ReferenceTransformer
import Tensors
import Testing

@Suite("Reference encoder on the MiniLM-L6 fixture")
struct ReferenceEncoderTests {
    /// Every layer's hidden state matches the original implementation (transformers, float64)
    /// to 1e−5, and the sentence embeddings to 1e−6 in cosine.
    @Test func reproducesTheOriginalImplementation() throws {
        let fixture = try MiniLMFixture()
        #expect(fixture.sentences.count >= 16)
        let encoder = try ReferenceEncoder(fixture.weights)
        var worst = 0.0
        for (k, sentence) in fixture.sentences.enumerated() {
            let states = try encoder.forward(sentence.input, mask: sentence.mask)
            #expect(states.count == 6)
            for (layer, h) in states.enumerated() {
                let expected = try fixture.reference.doubles("sentence.\(k).layer.\(layer)")
                #expect(h.shape == expected.shape)
                let difference = zip(h.values, expected.values).map { abs($0 - $1) }.max() ?? .infinity
                worst = max(worst, difference)
                #expect(difference <= 1e-5, "sentence \(k) layer \(layer): max |difference| \(difference)")
            }
            let embedding = try SentencePooling.meanNormalized.embed(states.last!, mask: sentence.mask)
            let expected = try fixture.reference.doubles("sentence.\(k).embedding").values
            let cosine = zip(embedding, expected).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(cosine >= 1 - 1e-6, "sentence \(k): cosine \(cosine)")
        }
        // Double against float64: the agreement is far tighter than the required 1e−5.
        #expect(worst < 1e-9, "worst difference \(worst)")
    }

    @Test func similarSentencesAreClose() throws {
        let fixture = try MiniLMFixture()
        let encoder = try ReferenceEncoder(fixture.weights)
        func embed(_ k: Int) throws -> [Double] {
            let s = fixture.sentences[k]
            return try SentencePooling.meanNormalized.embed(try encoder.forward(s.input, mask: s.mask).last!, mask: s.mask)
        }
        let guitar = try embed(0), guitar2 = try embed(1), cat = try embed(2)
        let same = zip(guitar, guitar2).reduce(0) { $0 + $1.0 * $1.1 }
        let other = zip(guitar, cat).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(same > other + 0.3)
    }

    @Test func badInputsAreErrors() throws {
        let fixture = try MiniLMFixture()
        let encoder = try ReferenceEncoder(fixture.weights)
        let s = fixture.sentences[0]
        #expect(throws: OperatorError.self) { try encoder.forward(Tensor(shape: [3, 10], repeating: 0.0)) }
        #expect(throws: OperatorError.self) { try encoder.forward(s.input, mask: [true]) }
        #expect(throws: OperatorError.self) { try encoder.forward(s.input, mask: Array(repeating: false, count: s.mask.count)) }
    }
}
