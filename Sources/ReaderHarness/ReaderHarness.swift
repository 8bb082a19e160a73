import Foundation
import ModelIO
import Reports

/// Feeds bytes to one of SpikeBound's readers (`ReaderTarget`), with the fixtures that some
/// of them read against: Fixtures/tiny-bert's weights (config), MiniLM's tokenizer (texts) and
/// the golden tiny report (baseline). Load it once; `feed` does not touch the file system
/// except where the reader itself does (a spec naming a group-operator file).
public struct ReaderHarness: Sendable {
    let tinyBERT: ModelTensors
    let tokenizer: BertTokenizer
    let golden: Report
    let examples: URL

    /// The fixtures of the repository at `repository`.
    public init(repository: URL) throws {
        let fixtures = repository.appendingPathComponent("Fixtures")
        tinyBERT = try ModelTensors(directory: fixtures.appendingPathComponent("tiny-bert"))
        tokenizer = try TokenizerLoader.load(directory: fixtures.appendingPathComponent("minilm-l6"), maxTokens: 128)
        golden = try ReportJSON.report(at: fixtures.appendingPathComponent("golden/tiny-bert/report.json").path)
        examples = fixtures.appendingPathComponent("examples")
    }

    /// The repository holding the current directory or its parent (Fuzz/ runs from either).
    public static func fromWorkingDirectory() throws -> ReaderHarness {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for root in [here, here.deletingLastPathComponent()]
        where FileManager.default.fileExists(atPath: root.appendingPathComponent("Fixtures/tiny-bert").path) {
            return try ReaderHarness(repository: root)
        }
        throw ModelError("run from the repository (or Fuzz/): Fixtures/tiny-bert is needed")
    }

    /// What `target`'s reader makes of `bytes`.
    public func feed(_ target: ReaderTarget, _ bytes: [UInt8]) -> ReaderOutcome {
        switch target {
        case .json: return ReaderOutcome.of { try Self.json(bytes) }
        case .rational: return ReaderOutcome.of { try Self.rational(bytes) }
        case .safetensors: return ReaderOutcome.of { try Self.safetensors(bytes) }
        case .images: return ReaderOutcome.of { try Self.images(bytes) }
        case .onnx: return ReaderOutcome.of { try Self.onnx(bytes) }
        case .groupOperator: return ReaderOutcome.of { try Self.groupOperator(bytes) }
        case .config: return ReaderOutcome.of { try config(bytes) }
        case .report: return ReaderOutcome.of { try Self.report(bytes) }
        case .baseline: return ReaderOutcome.of { try baseline(bytes) }
        case .spec: return ReaderOutcome.of { try spec(bytes) }
        case .texts: return ReaderOutcome.of { try texts(bytes) }
        }
    }
}
