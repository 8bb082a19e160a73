/// BERT's pre-tokenisation: split at whitespace (dropped) and at punctuation (each punctuation
/// character its own word). Punctuation is ASCII punctuation or a Unicode punctuation category
/// (Pc, Pd, Ps, Pe, Pi, Pf, Po) in Unicode 8.0 (`UnicodeTables`).
public enum BertPreTokenizer {
    public static func split(_ text: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var words = [[Unicode.Scalar]]()
        var current = [Unicode.Scalar]()
        for c in text {
            if c.properties.isWhitespace {
                if !current.isEmpty { words.append(current) }
                current = []
            } else if isPunctuation(c) {
                if !current.isEmpty { words.append(current) }
                words.append([c])
                current = []
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            let v = c.value
            return (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v)
        }
        return UnicodeTables.isPunctuation(c)
    }
}
