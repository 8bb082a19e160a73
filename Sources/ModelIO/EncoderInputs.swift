import Diagnostics
import Foundation
import SpikingPipelines
import Tensors

/// The encoder inputs of a model folder: `inputs.safetensors` holds one tensor [tokens, hidden]
/// per input (the embedding layer's output). A tensor `NAME.mask` (1 keeps a token, 0 pads it)
/// gives input NAME's attention mask; otherwise, for the fixture's `sentence.K` inputs, the
/// mask is the `attentionMask` of entry K of `sentences.json`; otherwise every token counts.
/// Inputs are taken in natural order of their names (sentence.2 before sentence.10).
public enum EncoderInputs {
    public static func load(_ url: URL, sentences: URL? = nil) throws -> [EncoderSample] {
        let file = try SafetensorsFile(contentsOf: url)
        var masksFromText = [[Bool]]()
        if let sentences, FileManager.default.fileExists(atPath: sentences.path) {
            let json = try JSONParser.parse(bytes: Array(try InputFile.read(sentences)))
            guard let items = json["sentences"]?.arrayValue else {
                throw ModelError("\(sentences.path): expected an object with an array \"sentences\"")
            }
            masksFromText = try items.enumerated().map { k, item in
                guard let mask = item["attentionMask"]?.arrayValue else {
                    throw ModelError("\(sentences.path): sentence \(k) has no \"attentionMask\" array")
                }
                return try mask.map {
                    guard let r = $0.rationalValue, r.isZero || r == .one else {
                        throw ModelError("\(sentences.path): sentence \(k)'s attentionMask must hold 0 and 1")
                    }
                    return r == .one
                }
            }
        }
        let names = file.entries.map(\.name).filter { !$0.hasSuffix(".mask") }.sorted(by: naturalOrder)
        guard !names.isEmpty else { throw ModelError("\(file.source): holds no input tensors") }
        return try names.map { name in
            let input = try file.doubles(name)
            var mask: [Bool]?
            if file.entries.contains(where: { $0.name == name + ".mask" }) {
                mask = try file.doubles(name + ".mask").values.map {
                    guard $0 == 0 || $0 == 1 else { throw ModelError("\(file.source): \(name).mask must hold 0 and 1") }
                    return $0 == 1
                }
            } else if name.hasPrefix("sentence."), let k = Int(name.dropFirst("sentence.".count)), k < masksFromText.count {
                mask = masksFromText[k]
            }
            do {
                return try EncoderSample(name: name, input: input, mask: mask)
            } catch let error as OperatorError {
                throw ModelError("\(file.source): \(error)")
            }
        }
    }

    /// "a.2" < "a.10": names compared by their text, with runs of digits compared as numbers.
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: .numeric) == .orderedAscending
    }
}
