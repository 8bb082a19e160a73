import Tensors

/// A LayerNorm over one vector, in Double: (x − mean)/√(var + ε)·γ + β with the biased variance,
/// as PyTorch's `nn.LayerNorm` computes it. A vision Transformer's pre-norm (CLIP's `ln_pre`)
/// and final norm (timm's `norm`, CLIP's `ln_post`, Hugging Face's `layernorm`) outside the
/// encoder's blocks.
public struct VectorLayerNorm: Sendable, Equatable {
    public let gamma: [Double]
    public let beta: [Double]
    public let epsilon: Double

    public init(gamma: [Double], beta: [Double], epsilon: Double) throws {
        guard gamma.count == beta.count, !gamma.isEmpty else {
            throw OperatorError.shapeMismatch("a LayerNorm with \(gamma.count) γ and \(beta.count) β values")
        }
        guard epsilon >= 0, epsilon.isFinite else { throw OperatorError.invalidParameter("a LayerNorm's ε must be finite and ≥ 0") }
        self.gamma = gamma
        self.beta = beta
        self.epsilon = epsilon
    }

    public var width: Int { gamma.count }

    public func callAsFunction<C: Collection>(_ x: C) -> [Double] where C.Element == Double {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let scale = 1 / (variance + epsilon).squareRoot()
        return zip(x, zip(gamma, beta)).map { v, gb in (v - mean) * scale * gb.0 + gb.1 }
    }
}
