import ExactArithmetic
import Tensors

/// BERT's embedding layer, in Double: for token k with id w_k and type t_k,
/// e_k = LayerNorm(W[w_k] + P[k] + S[t_k]) with the embedding LayerNorm's γ, β and ε. Its output
/// is the encoder's input, as Hugging Face's `BertEmbeddings` computes it (with absolute
/// positions).
///
/// The word table may be restricted to some of the vocabulary's rows (`rows`): a fixture that
/// commits only the rows its texts use. An id outside it is refused, never read as another row.
public struct TokenEmbeddings: Sendable {
    /// [rows, hidden]: the word embeddings of the ids in `rows` (all ids when `rows` is nil).
    public let words: Tensor<Double>
    /// The vocabulary ids that `words` holds, in its row order; nil when it holds every id.
    public let rows: [Int]?
    /// [maxPositions, hidden].
    public let positions: Tensor<Double>
    /// [types, hidden]; nil when the checkpoint has no token-type table.
    public let tokenTypes: Tensor<Double>?
    /// The embedding LayerNorm.
    public let norm: VectorLayerNorm
    public var gamma: [Double] { norm.gamma }
    public var beta: [Double] { norm.beta }
    public var epsilon: Double { norm.epsilon }
    /// The size of the vocabulary the ids index.
    public let vocabularySize: Int
    let rowOfID: [Int: Int]

    public init(
        words: Tensor<Double>, rows: [Int]? = nil, vocabularySize: Int? = nil, positions: Tensor<Double>, tokenTypes: Tensor<Double>?,
        gamma: [Double], beta: [Double], epsilon: Double
    ) throws {
        guard words.rank == 2, positions.rank == 2 else {
            throw OperatorError.shapeMismatch("word embeddings \(words.shape) and position embeddings \(positions.shape) must be matrices")
        }
        let hidden = words.shape[1]
        guard positions.shape[1] == hidden, tokenTypes.map({ $0.rank == 2 && $0.shape[1] == hidden }) ?? true,
            gamma.count == hidden, beta.count == hidden
        else {
            throw OperatorError.shapeMismatch(
                "embedding widths disagree: words \(words.shape), positions \(positions.shape), types \(tokenTypes?.shape ?? []), LayerNorm \(gamma.count)")
        }
        guard epsilon >= 0, epsilon.isFinite else { throw OperatorError.invalidParameter("the embedding LayerNorm's ε must be ≥ 0") }
        if let rows {
            guard rows.count == words.shape[0] else {
                throw OperatorError.shapeMismatch("\(rows.count) row ids for a word table of \(words.shape[0]) rows")
            }
            guard Set(rows).count == rows.count, rows.allSatisfy({ $0 >= 0 }) else {
                throw OperatorError.invalidParameter("the word table's row ids must be distinct and ≥ 0")
            }
        }
        self.words = words
        self.rows = rows
        self.positions = positions
        self.tokenTypes = tokenTypes
        norm = try VectorLayerNorm(gamma: gamma, beta: beta, epsilon: epsilon)
        self.vocabularySize = vocabularySize ?? (rows.map { ($0.max() ?? -1) + 1 } ?? words.shape[0])
        rowOfID = rows.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0) }) } ?? [:]
    }

    public var hiddenSize: Int { words.shape[1] }
    public var maxPositions: Int { positions.shape[0] }

    /// Whether the word table has a row for `id`.
    public func hasRow(_ id: Int) -> Bool {
        rows == nil ? (0..<words.shape[0]).contains(id) : rowOfID[id] != nil
    }

    /// The encoder input [tokens, hidden] of token ids (types 0 when `types` is nil).
    public func embed(_ ids: [Int], types: [Int]? = nil) throws -> Tensor<Double> {
        guard !ids.isEmpty else { throw OperatorError.invalidParameter("no tokens to embed") }
        guard ids.count <= maxPositions else {
            throw OperatorError.shapeMismatch("\(ids.count) tokens, the model has \(maxPositions) positions")
        }
        if let types, types.count != ids.count {
            throw OperatorError.shapeMismatch("\(types.count) token types for \(ids.count) tokens")
        }
        let h = hiddenSize
        var out = [Double](repeating: 0, count: ids.count * h)
        var row = [Double](repeating: 0, count: h)
        for (k, id) in ids.enumerated() {
            let w: Int
            if rows == nil {
                guard (0..<words.shape[0]).contains(id) else {
                    throw OperatorError.invalidParameter("token id \(id) is outside the vocabulary of \(words.shape[0])")
                }
                w = id
            } else {
                guard let r = rowOfID[id] else {
                    throw OperatorError.invalidParameter("token id \(id) has no row in this restricted word-embedding table")
                }
                w = r
            }
            let t = types?[k] ?? 0
            if let tokenTypes {
                guard (0..<tokenTypes.shape[0]).contains(t) else {
                    throw OperatorError.invalidParameter("token type \(t) is outside the \(tokenTypes.shape[0]) types")
                }
            } else if t != 0 {
                throw OperatorError.invalidParameter("token type \(t), but the model has no token-type embeddings")
            }
            for j in 0..<h {
                row[j] = words.values[w * h + j] + positions.values[k * h + j] + (tokenTypes?.values[t * h + j] ?? 0)
            }
            out.replaceSubrange((k * h)..<((k + 1) * h), with: norm(row))
        }
        return try Tensor(shape: [ids.count, h], values: out)
    }
}
