import Foundation
import ModelIO
import Reports
import SpikeBoundCLI

/// The readers of SpikeBound's own files: group operators, configs, reports, specs, texts.
extension ReaderHarness {
    static func groupOperator(_ bytes: [UInt8]) throws -> String? {
        _ = try GroupOperatorFile.parse(try JSONParser.parse(bytes: bytes), name: "fuzz")
        return nil
    }

    /// A config whose shapes would allocate more than about 10⁶ weights is refused by the
    /// weights' shapes anyway; it is skipped to keep executions fast.
    func config(_ bytes: [UInt8]) throws -> String? {
        let config = try ModelConfigFile.parse(try JSONParser.parse(bytes: bytes), source: "config.json")
        guard config.hiddenSize * config.intermediateSize <= 1 << 20, config.layers <= 64 else { return nil }
        _ = try EncoderLoader.load(tinyBERT, config: config)
        return nil
    }

    static func report(_ bytes: [UInt8]) throws -> String? {
        let data = Data(bytes)
        let tolerances = try? ReportJSON.decode(Tolerances.self, data, what: "tolerances fuzz")
        let report = try ReportJSON.report(data: data, what: "report fuzz")
        _ = try ReportCheck(report: report, tolerances: tolerances, baseline: nil).markdown(reportPath: "fuzz", baselinePath: nil)
        return nil
    }

    func baseline(_ bytes: [UInt8]) throws -> String? {
        let other = try ReportJSON.report(data: Data(bytes), what: "baseline fuzz")
        for (report, baseline) in [(golden, other), (other, golden)] {
            if let check = try? ReportCheck(report: report, tolerances: nil, baseline: baseline) {
                _ = check.markdown(reportPath: "report", baselinePath: "baseline")
            }
        }
        return nil
    }

    func spec(_ bytes: [UInt8]) throws -> String? {
        _ = try Simulation.output(spec: Data(bytes), baseDirectory: examples)
        return nil
    }

    func texts(_ bytes: [UInt8]) throws -> String? {
        guard let kind = bytes.first else { return nil }
        let data = Data(bytes.dropFirst())
        let texts: [String]
        switch kind % 3 {
        case 0: texts = try TextInputs.texts(data: data, source: "texts")
        case 1: texts = try TextInputs.pairs(data: data, source: "pairs.tsv").flatMap { [$0.a, $0.b] }
        default: texts = try TextInputs.labelled(data: data, source: "labels.tsv").map(\.text)
        }
        let size = tokenizer.wordPiece.vocabulary.count
        for text in texts {
            let ids = tokenizer.encode(text)
            guard ids.count >= 2, ids.count <= tokenizer.maxTokens, ids.first == tokenizer.clsID, ids.last == tokenizer.sepID,
                ids.allSatisfy({ (0..<size).contains($0) })
            else { return "\(text.debugDescription) tokenized as \(ids.prefix(20))…, not [CLS] … [SEP] within the vocabulary and the limit" }
        }
        return nil
    }
}
