import Foundation

/// Builds a `BertTokenizer` from a checkpoint folder: vocab.txt, and the settings of
/// tokenizer.json (its BertNormalizer, WordPiece model and added tokens) or, without it,
/// tokenizer_config.json (do_lower_case, strip_accents, tokenize_chinese_chars and the special
/// tokens). Other normalizers and models are refused by name.
public enum TokenizerLoader {
    public static func load(directory: URL, maxTokens: Int) throws -> BertTokenizer {
        let vocabURL = directory.appendingPathComponent("vocab.txt")
        guard FileManager.default.fileExists(atPath: vocabURL.path) else {
            throw ModelError("\(directory.path) has no vocab.txt: text inputs need the checkpoint's WordPiece vocabulary")
        }
        let vocabulary = try WordPieceVocabulary(contentsOf: vocabURL)
        let config = try JSONFile.readIfPresent(directory.appendingPathComponent("tokenizer_config.json"))
        func special(_ key: String, _ fallback: String) -> String {
            if let s = config?[key]?.stringValue { return s }
            if let s = config?[key]?["content"]?.stringValue { return s }
            return fallback
        }
        var normalizer = BertNormalizer(
            cleanText: true, handleChineseCharacters: config?["tokenize_chinese_chars"]?.boolValue ?? true,
            stripAccents: config?["strip_accents"]?.boolValue, lowercase: config?["do_lower_case"]?.boolValue ?? true)
        var unknown = special("unk_token", "[UNK]"), prefix = "##", maxCharacters = 100
        let specials = ["unk_token", "sep_token", "pad_token", "cls_token", "mask_token"]
        var added: [(content: String, id: Int)] = specials.compactMap { key in
            let token = special(key, ["unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]"][key]!)
            return vocabulary.id(token).map { (token, $0) }
        }
        let tokenizerURL = directory.appendingPathComponent("tokenizer.json")
        if let json = try JSONFile.readIfPresent(tokenizerURL) {
            let source = tokenizerURL.lastPathComponent
            if let n = json["normalizer"], n != .null {
                guard n["type"]?.stringValue == "BertNormalizer" else {
                    throw ModelError("\(source): normalizer \(n["type"]?.stringValue ?? "?") is not supported (BertNormalizer)")
                }
                normalizer = BertNormalizer(
                    cleanText: n["clean_text"]?.boolValue ?? true, handleChineseCharacters: n["handle_chinese_chars"]?.boolValue ?? true,
                    stripAccents: n["strip_accents"]?.boolValue, lowercase: n["lowercase"]?.boolValue ?? true)
            }
            if let p = json["pre_tokenizer"], p != .null, p["type"]?.stringValue != "BertPreTokenizer" {
                throw ModelError("\(source): pre_tokenizer \(p["type"]?.stringValue ?? "?") is not supported (BertPreTokenizer)")
            }
            if let m = json["model"] {
                guard m["type"]?.stringValue == "WordPiece" else {
                    throw ModelError("\(source): model \(m["type"]?.stringValue ?? "?") is not supported (WordPiece)")
                }
                unknown = m["unk_token"]?.stringValue ?? unknown
                prefix = m["continuing_subword_prefix"]?.stringValue ?? prefix
                if let r = m["max_input_chars_per_word"]?.rationalValue, r.isInteger, let n = Int(r.description) { maxCharacters = n }
            }
            if let items = json["added_tokens"]?.arrayValue {
                added = try items.map { item in
                    guard let content = item["content"]?.stringValue, let r = item["id"]?.rationalValue, r.isInteger,
                        let id = Int(r.description), (0..<vocabulary.count).contains(id)
                    else { throw ModelError("\(source): an added token lacks a content or an id within the vocabulary") }
                    return (content, id)
                }
            }
        }
        let wordPiece = try WordPiece(vocabulary: vocabulary, unknownToken: unknown, continuationPrefix: prefix, maxCharactersPerWord: maxCharacters)
        return try BertTokenizer(
            normalizer: normalizer, wordPiece: wordPiece, clsToken: special("cls_token", "[CLS]"), sepToken: special("sep_token", "[SEP]"),
            addedTokens: added, maxTokens: maxTokens)
    }
}
