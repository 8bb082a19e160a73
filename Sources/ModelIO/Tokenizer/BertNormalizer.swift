/// BERT's text normalisation, as Hugging Face `tokenizers`' BertNormalizer applies it, in order:
/// 1. clean text: drop U+0000, U+FFFD and control characters (Unicode "other" categories but
///    tab, newline and carriage return), and turn every whitespace character into a space;
/// 2. CJK characters: put a space on each side of every CJK ideograph;
/// 3. strip accents (by default exactly when lower-casing): canonical decomposition (NFD), then
///    drop the non-spacing marks;
/// 4. lower-case each character (its full lower-case mapping).
///
/// It works on Unicode scalars, as the Rust code works on `char`s. The character classes
/// (other, punctuation, non-spacing mark) follow Unicode 8.0, the version of the tables
/// `tokenizers` uses: a character assigned later counts as unassigned, which is neither dropped,
/// nor punctuation, nor a mark (`UnicodeTables`). The Unicode 8.0 tables were measured against
/// `tokenizers` 0.23 on every code point (scripts/make-text-fixtures' probe; Fixtures/tokenizer).
public struct BertNormalizer: Sendable, Equatable {
    public var cleanText: Bool
    public var handleChineseCharacters: Bool
    /// nil: the same as `lowercase`.
    public var stripAccents: Bool?
    public var lowercase: Bool

    public init(cleanText: Bool = true, handleChineseCharacters: Bool = true, stripAccents: Bool? = nil, lowercase: Bool = true) {
        self.cleanText = cleanText
        self.handleChineseCharacters = handleChineseCharacters
        self.stripAccents = stripAccents
        self.lowercase = lowercase
    }

    public func normalize(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var s = text
        if cleanText {
            s = s.compactMap { c in
                if c.value == 0 || c.value == 0xFFFD || Self.isControl(c) { return nil }
                return Self.isWhitespace(c) ? " " : c
            }
        }
        if handleChineseCharacters {
            var out = [Unicode.Scalar]()
            out.reserveCapacity(s.count)
            for c in s {
                if Self.isChineseCharacter(c) {
                    out += [" ", c, " "]
                } else {
                    out.append(c)
                }
            }
            s = out
        }
        if stripAccents ?? lowercase {
            s = UnicodeTables.decomposed(s).filter { !UnicodeTables.isNonspacingMark($0) }
        }
        if lowercase {
            s = s.flatMap { c -> [Unicode.Scalar] in
                let mapped = c.properties.lowercaseMapping
                return mapped.unicodeScalars.count == 1 && mapped.unicodeScalars.first == c ? [c] : Array(mapped.unicodeScalars)
            }
        }
        return s
    }

    /// Tab, newline and carriage return, and the White_Space characters.
    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == "\t" || c == "\n" || c == "\r" || c.properties.isWhitespace
    }

    /// The "other" categories but unassigned (control, format, private use, surrogate), in
    /// Unicode 8.0, but tab, newline and carriage return.
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        if c == "\t" || c == "\n" || c == "\r" { return false }
        return UnicodeTables.isOther(c)
    }

    /// The CJK Unified Ideographs blocks and their extensions and compatibility blocks, as BERT
    /// defines them (Hangul, Hiragana and Katakana are not among them).
    static func isChineseCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F, 0x2B820...0x2CEAF,
            0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
