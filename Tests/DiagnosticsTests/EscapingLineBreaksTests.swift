import Diagnostics
import PropertyBased
import PropertyTestSupport
import Testing

/// `escapingLineBreaks`: no character that ends a line survives, printable text is unchanged,
/// and the escapes name the code points.
@Suite struct EscapingLineBreaksTests {
    /// Strings of scalars drawn mostly from the troublesome ones: line feeds, carriage returns,
    /// NEL (U+0085), the line and paragraph separators, other C0 and C1 controls, tabs, and
    /// ordinary and non-ASCII printable text.
    static let awkward: [Unicode.Scalar] = ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}", "\u{00}", "\u{1B}", "\t", "\u{9F}", "a", " ", "é", "λ", "\u{FEFF}", "😀"]
    static let strings = Gen.int(in: 0...(awkward.count - 1)).array(of: 0...24).map { String(String.UnicodeScalarView($0.map { awkward[$0] })) }

    @Test func noLineBreakSurvives() {
        forAll(cases: 500, Self.strings) { s in
            let escaped = s.escapingLineBreaks
            #expect(!escaped.contains { $0.isNewline }, "\(s.debugDescription) → \(escaped.debugDescription)")
            #expect(!escaped.unicodeScalars.contains { $0.properties.generalCategory == .control })
        }
    }

    @Test func printableTextIsUnchanged() {
        for s in ["", "plain", "tensor 'a.b' has shape [4, 16]", "é λ 😀 \u{FEFF}", "−inf ≤ x"] {
            #expect(s.escapingLineBreaks == s)
        }
    }

    @Test func escapesNameTheCodePoints() {
        #expect("a\nb".escapingLineBreaks == #"a\u{A}b"#)
        #expect("\r\n".escapingLineBreaks == #"\u{D}\u{A}"#)
        #expect("x\u{85}y\u{2028}".escapingLineBreaks == #"x\u{85}y\u{2028}"#)
        #expect("\t".escapingLineBreaks == #"\u{9}"#)
    }
}
