/// BERT's tokenizer: added (special) tokens matched in the raw text, then `BertNormalizer`,
/// `BertPreTokenizer` and `WordPiece` on the text between them, then [CLS] … [SEP], truncated
/// at `maxTokens` (both special tokens included) by dropping tokens from the end, as Hugging
/// Face `tokenizers` does for one sequence.
public struct BertTokenizer: Sendable {
    public let normalizer: BertNormalizer
    public let wordPiece: WordPiece
    public let clsID: Int
    public let sepID: Int
    /// Added tokens (content, id), matched leftmost-longest in the raw text and never split.
    public let addedTokens: [(content: [Unicode.Scalar], id: Int)]
    /// The longest sequence, [CLS] and [SEP] included.
    public let maxTokens: Int

    public init(
        normalizer: BertNormalizer, wordPiece: WordPiece, clsToken: String = "[CLS]", sepToken: String = "[SEP]",
        addedTokens: [(content: String, id: Int)], maxTokens: Int
    ) throws {
        guard let cls = wordPiece.vocabulary.id(clsToken) else { throw ModelError("the vocabulary has no '\(clsToken)' token") }
        guard let sep = wordPiece.vocabulary.id(sepToken) else { throw ModelError("the vocabulary has no '\(sepToken)' token") }
        guard maxTokens >= 2 else { throw ModelError("--max-tokens must be ≥ 2 ([CLS] and [SEP]), got \(maxTokens)") }
        self.normalizer = normalizer
        self.wordPiece = wordPiece
        clsID = cls
        sepID = sep
        self.addedTokens = addedTokens.filter { !$0.content.isEmpty }.map { (Array($0.content.unicodeScalars), $0.id) }
            .sorted { $0.content.count > $1.content.count }
        self.maxTokens = maxTokens
    }

    /// The same tokenizer with another sequence limit.
    public func truncating(at maxTokens: Int) throws -> BertTokenizer {
        try BertTokenizer(
            normalizer: normalizer, wordPiece: wordPiece, clsToken: wordPiece.vocabulary.tokens[clsID],
            sepToken: wordPiece.vocabulary.tokens[sepID], addedTokens: addedTokens.map { (String(String.UnicodeScalarView($0.content)), $0.id) },
            maxTokens: maxTokens)
    }

    /// The token ids of one text: [CLS], its tokens (at most maxTokens − 2), [SEP].
    public func encode(_ text: String) -> [Int] {
        var ids = [Int]()
        let scalars = Array(text.unicodeScalars)
        var start = 0, i = 0
        func flush(_ end: Int) {
            guard start < end else { return }
            for word in BertPreTokenizer.split(normalizer.normalize(Array(scalars[start..<end]))) { ids += wordPiece.ids(word) }
        }
        while i < scalars.count {
            if let match = addedTokens.first(where: { $0.content.count <= scalars.count - i && scalars[i..<i + $0.content.count].elementsEqual($0.content) }) {
                flush(i)
                ids.append(match.id)
                i += match.content.count
                start = i
            } else {
                i += 1
            }
        }
        flush(scalars.count)
        return [clsID] + ids.prefix(maxTokens - 2) + [sepID]
    }
}
