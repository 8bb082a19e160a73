import Foundation
import ReferenceTransformer
import Tensors

/// Reads BERT's embedding layer from a checkpoint, with or without a model prefix ("bert."):
/// `embeddings.word_embeddings.weight` [vocab_size, hidden], `embeddings.position_embeddings.weight`
/// [max_position_embeddings, hidden], `embeddings.token_type_embeddings.weight` [type_vocab_size,
/// hidden] (optional) and `embeddings.LayerNorm.{weight,bias}`.
///
/// A fixture may restrict the word table to some rows: `embeddings.word_embeddings.rows` (an
/// integer vector of vocabulary ids), the word table then holding one row per id, in order.
public enum EmbeddingLoader {
    /// nil when the checkpoint has no word embeddings (an encoder-only file).
    public static func load(_ tensors: ModelTensors, config json: JSONValue, hiddenSize: Int, epsilon: Double) throws -> TokenEmbeddings? {
        let prefix = try EncoderLoader.prefix(tensors)
        let word = prefix + "embeddings.word_embeddings.weight"
        guard tensors.entry(word) != nil else { return nil }
        func positive(_ key: String) throws -> Int {
            guard let r = json[key]?.rationalValue, r.isInteger, let n = Int(r.description), n > 0 else {
                throw ModelError("config.json: \"\(key)\" must be a positive integer (the embeddings need it)")
            }
            return n
        }
        if let kind = json["position_embedding_type"]?.stringValue, kind != "absolute" {
            throw ModelError("config.json: position_embedding_type \"\(kind)\" is not supported (absolute)")
        }
        let vocabulary = try positive("vocab_size"), positions = try positive("max_position_embeddings")
        let rowsName = prefix + "embeddings.word_embeddings.rows"
        var rows: [Int]?
        if let e = tensors.entry(rowsName) {
            guard e.shape.count == 1 else { throw ModelError("\(tensors.source): tensor '\(rowsName)' must be a vector, has shape \(e.shape)") }
            rows = try tensors.integers(rowsName).map { id in
                guard (0..<Int64(vocabulary)).contains(id) else {
                    throw ModelError("\(tensors.source): tensor '\(rowsName)' holds id \(id), outside the vocabulary of \(vocabulary)")
                }
                return Int(id)
            }
        }
        let words = try tensors.tensor(word, [rows?.count ?? vocabulary, hiddenSize],
            needed: rows == nil ? "the config needs" : "its row list needs")
        let typeName = prefix + "embeddings.token_type_embeddings.weight"
        var types: Tensor<Double>?
        if tensors.entry(typeName) != nil { types = try tensors.tensor(typeName, [try positive("type_vocab_size"), hiddenSize]) }
        let position = try tensors.tensor(prefix + "embeddings.position_embeddings.weight", [positions, hiddenSize])
        let gamma = try tensors.tensor(prefix + "embeddings.LayerNorm.weight", [hiddenSize]).values
        let beta = try tensors.tensor(prefix + "embeddings.LayerNorm.bias", [hiddenSize]).values
        do {
            return try TokenEmbeddings(
                words: words, rows: rows, vocabularySize: vocabulary, positions: position, tokenTypes: types, gamma: gamma, beta: beta,
                epsilon: epsilon)
        } catch let error as OperatorError {
            throw ModelError("\(tensors.source): \(error)")
        }
    }
}
