import ExactArithmetic
import Foundation
import PropertyTestSupport
import ModelIO
import ReferenceTransformer
import Tensors

/// The embedded default model, Fixtures/minilm-l6 (see scripts/make-minilm-fixture).
struct MiniLMFixture {
    struct Sentence {
        let text: String
        let mask: [Bool]
        let input: Tensor<Double>
    }

    static var folder: URL {
        RepositoryFiles.url("Fixtures/minilm-l6")
    }

    let weights: EncoderWeights<Double>
    let sentences: [Sentence]
    let reference: SafetensorsFile

    init() throws {
        weights = try EncoderLoader.load(directory: Self.folder)
        let inputs = try SafetensorsFile(contentsOf: Self.folder.appendingPathComponent("inputs.safetensors"))
        reference = try SafetensorsFile(contentsOf: Self.folder.appendingPathComponent("reference.safetensors"))
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("sentences.json"))
        let json = try JSONParser.parse(bytes: Array(data))
        sentences = try (json["sentences"]?.arrayValue ?? []).enumerated().map { k, s in
            Sentence(
                text: s["text"]?.stringValue ?? "",
                mask: (s["attentionMask"]?.arrayValue ?? []).map { $0.rationalValue == .one },
                input: try inputs.doubles("sentence.\(k)"))
        }
    }
}
