import Diagnostics
import Foundation

/// A WordPiece vocabulary: vocab.txt, one token per line, its id the line's index. Tokens are
/// compared scalar by scalar (not by Swift's canonical equivalence), as the Rust code compares
/// bytes.
public struct WordPieceVocabulary: Sendable {
    public let tokens: [String]
    let ids: [[UInt32]: Int]

    public init(tokens: [String], source: String = "vocab") throws {
        guard !tokens.isEmpty else { throw ModelError("\(source): the vocabulary is empty") }
        var ids = [[UInt32]: Int]()
        ids.reserveCapacity(tokens.count)
        for (i, t) in tokens.enumerated() {
            let key = t.unicodeScalars.map(\.value)
            // A repeated token keeps its last id, as Hugging Face's loader does.
            ids[key] = i
        }
        self.tokens = tokens
        self.ids = ids
    }

    /// Reads vocab.txt (UTF-8; a trailing newline or carriage returns are allowed).
    public init(contentsOf url: URL) throws {
        let data = try InputFile.read(url)
        guard let text = String(data: data, encoding: .utf8) else { throw ModelError("\(url.lastPathComponent): not UTF-8") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        try self.init(tokens: lines, source: url.lastPathComponent)
    }

    public var count: Int { tokens.count }

    public func id(_ scalars: [Unicode.Scalar]) -> Int? { ids[scalars.map(\.value)] }

    public func id(_ token: String) -> Int? { ids[token.unicodeScalars.map(\.value)] }
}
