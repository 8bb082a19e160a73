/// WordPiece: a word is split greedily into the longest vocabulary entries from the left, every
/// piece after the first carrying the continuation prefix ("##"). A word longer than
/// `maxCharactersPerWord` scalars, or with a part no entry matches, becomes the unknown token.
public struct WordPiece: Sendable {
    public let vocabulary: WordPieceVocabulary
    public let unknownID: Int
    public let continuationPrefix: [Unicode.Scalar]
    public let maxCharactersPerWord: Int

    public init(vocabulary: WordPieceVocabulary, unknownToken: String = "[UNK]", continuationPrefix: String = "##", maxCharactersPerWord: Int = 100) throws {
        guard let unk = vocabulary.id(unknownToken) else {
            throw ModelError("the vocabulary has no unknown token '\(unknownToken)'")
        }
        guard maxCharactersPerWord >= 1 else { throw ModelError("max_input_chars_per_word must be ≥ 1") }
        self.vocabulary = vocabulary
        unknownID = unk
        self.continuationPrefix = Array(continuationPrefix.unicodeScalars)
        self.maxCharactersPerWord = maxCharactersPerWord
    }

    public func ids(_ word: [Unicode.Scalar]) -> [Int] {
        guard word.count <= maxCharactersPerWord else { return [unknownID] }
        var out = [Int]()
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int?
            while start < end {
                let piece = start > 0 ? continuationPrefix + word[start..<end] : Array(word[start..<end])
                if let id = vocabulary.id(piece) {
                    found = id
                    break
                }
                end -= 1
            }
            guard let found else { return [unknownID] }
            out.append(found)
            start = end
        }
        return out
    }
}
