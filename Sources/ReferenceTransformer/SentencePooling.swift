import Tensors

/// How a sentence embedding is read off the last layer's token outputs, as sentence-transformers'
/// Pooling and Normalize modules do: the mean over the kept tokens, the first token ([CLS]), the
/// per-feature maximum over the kept tokens, or the sum over the kept tokens divided by √n; then,
/// with `normalize`, divided by its L2 norm (at least 10⁻¹²).
public struct SentencePooling: Sendable, Equatable, CustomStringConvertible {
    public enum Mode: String, Sendable, CaseIterable {
        case mean, cls, max
        case meanSqrtLength = "mean-sqrt-len"
    }

    public var mode: Mode
    public var normalize: Bool
    /// A LayerNorm applied to the pooled vector before any L2 normalisation (a vision
    /// Transformer's final norm on its class token); nil for none.
    public var layerNorm: VectorLayerNorm?

    public init(mode: Mode, normalize: Bool, layerNorm: VectorLayerNorm? = nil) {
        self.mode = mode
        self.normalize = normalize
        self.layerNorm = layerNorm
    }

    /// sentence-transformers' default for all-MiniLM-L6-v2: mean pooling, normalised.
    public static let meanNormalized = SentencePooling(mode: .mean, normalize: true)

    /// A vision Transformer's features: the class token through the final norm, not normalised.
    public static func classToken(finalNorm: VectorLayerNorm?) -> SentencePooling {
        SentencePooling(mode: .cls, normalize: false, layerNorm: finalNorm)
    }

    public var description: String { mode.rawValue + (layerNorm != nil ? ", final LayerNorm" : "") + (normalize ? ", normalised" : "") }

    /// The embedding of h [tokens, hidden] with the tokens that `mask` keeps (all when nil).
    public func embed(_ h: Tensor<Double>, mask: [Bool]?) throws -> [Double] {
        guard h.rank == 2 else { throw OperatorError.shapeMismatch("pooling a rank-\(h.rank) tensor") }
        let n = h.shape[1]
        let keep = (0..<h.shape[0]).filter { mask?[$0] ?? true }
        guard !keep.isEmpty else { throw OperatorError.invalidParameter("pooling with every token masked") }
        var v: [Double]
        switch mode {
        case .cls:
            v = Array(h.values[0..<n])
        case .max:
            v = [Double](repeating: -.infinity, count: n)
            for i in keep { for j in 0..<n { v[j] = Swift.max(v[j], h.values[i * n + j]) } }
        case .mean, .meanSqrtLength:
            v = [Double](repeating: 0, count: n)
            for i in keep { for j in 0..<n { v[j] += h.values[i * n + j] } }
            let divisor = mode == .mean ? Double(keep.count) : Double(keep.count).squareRoot()
            v = v.map { $0 / divisor }
        }
        if let layerNorm {
            guard layerNorm.width == n else { throw OperatorError.shapeMismatch("a final LayerNorm of width \(layerNorm.width) on features of \(n)") }
            v = layerNorm(v)
        }
        guard normalize else { return v }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / Swift.max(norm, 1e-12) }
    }
}
