/// The general categories that BERT's tokenizer asks about, as of Unicode 8.0: Hugging Face
/// `tokenizers` classifies characters with Unicode 8.0 tables, while Swift's are newer. A
/// character assigned after 8.0 is unassigned there; a character whose category changed since
/// keeps its 8.0 category (`changed`).
enum UnicodeTables {
    /// The version of the tables.
    static let version: (major: Int, minor: Int) = (8, 0)

    /// Code points whose category changed after Unicode 8.0, with their 8.0 category (found by
    /// comparing every code point with `tokenizers`).
    static let changed: [UInt32: Unicode.GeneralCategory] = [
        0x166D: .otherPunctuation, 0x111C9: .otherPunctuation,  // now So and Mn
        0x1734: .nonspacingMark, 0x1171E: .nonspacingMark,  // now Mc
        0x1885: .otherLetter, 0x1886: .otherLetter,  // now Mn
        0xA9BD: .spacingMark,  // now Mn
    ]

    /// Whether Unicode 8.0 had the character.
    static func isKnown(_ c: Unicode.Scalar) -> Bool {
        guard let age = c.properties.age else { return false }
        return (age.major, age.minor) <= version
    }

    /// Canonical decomposition (NFD) as of Unicode 8.0: a later character is left whole, and
    /// canonical reordering does not cross it.
    static func decomposed(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = [Unicode.Scalar](), run = String.UnicodeScalarView()
        func flush() {
            if !run.isEmpty { out += String(run).decomposedStringWithCanonicalMapping.unicodeScalars }
            run = String.UnicodeScalarView()
        }
        for c in s {
            if isKnown(c) {
                run.append(c)
            } else {
                flush()
                out.append(c)
            }
        }
        flush()
        return out
    }

    /// The category in Unicode 8.0 (unassigned for a later character).
    static func category(_ c: Unicode.Scalar) -> Unicode.GeneralCategory {
        if let old = changed[c.value] { return old }
        return isKnown(c) ? c.properties.generalCategory : .unassigned
    }

    static func isOther(_ c: Unicode.Scalar) -> Bool {
        switch category(c) {
        case .control, .format, .privateUse, .surrogate: return true
        default: return false
        }
    }

    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        switch category(c) {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func isNonspacingMark(_ c: Unicode.Scalar) -> Bool { category(c) == .nonspacingMark }
}
