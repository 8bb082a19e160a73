import Foundation
import ModelIO

/// config.json and the Hugging Face name mapping: the parsed config against the tiny BERT's
/// weights (the mapping must refuse, not trap, on any shape it implies).
func fuzzOne(_ bytes: [UInt8]) {
    guard let json = try? JSONParser.parse(bytes: bytes), let config = try? ModelConfigFile.parse(json, source: "config.json") else { return }
    guard config.hiddenSize * config.intermediateSize <= 1 << 20, config.layers <= 64 else { return }
    _ = try? EncoderLoader.load(Weights.tinyBERT, config: config)
}

enum Weights {
    /// Fixtures/tiny-bert, read once (the fuzz target runs from the repository or Fuzz/).
    static let tinyBERT: ModelTensors = {
        for root in ["Fixtures/tiny-bert", "../Fixtures/tiny-bert"] {
            if let t = try? ModelTensors(directory: URL(fileURLWithPath: root)) { return t }
        }
        fatalError("run from the repository: Fixtures/tiny-bert is needed")
    }()
}
