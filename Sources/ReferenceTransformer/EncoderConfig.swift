import ExactArithmetic
import Tensors

/// The shape and conventions of a Transformer encoder.
public struct EncoderConfig: Sendable, Equatable {
    public enum Architecture: String, Sendable {
        /// BERT: post-LN blocks, h = LN(x + Attn(x)), y = LN(h + MLP(h)).
        case bertPostLN = "bert"
        /// ViT / DINOv2: pre-LN blocks, h = x + γ₁·Attn(LN(x)), y = h + γ₂·MLP(LN(h)), with
        /// optional LayerScale γ.
        case vitPreLN = "vit"
    }

    public var architecture: Architecture
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var intermediateSize: Int
    /// The MLP's GELU kind.
    public var activation: ScalarFunction
    public var layerNormEpsilon: Rational
    public var layerScale: Bool

    public init(
        architecture: Architecture, hiddenSize: Int, layers: Int, heads: Int, intermediateSize: Int,
        activation: ScalarFunction, layerNormEpsilon: Rational, layerScale: Bool = false
    ) throws {
        guard hiddenSize > 0, layers > 0, heads > 0, intermediateSize > 0 else {
            throw OperatorError.invalidParameter("hidden size, layers, heads and intermediate size must be positive")
        }
        guard hiddenSize % heads == 0 else {
            throw OperatorError.invalidParameter("hidden size \(hiddenSize) is not a multiple of \(heads) heads")
        }
        guard layerNormEpsilon.sign >= 0 else { throw OperatorError.invalidParameter("layer_norm_eps is negative") }
        self.architecture = architecture
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.intermediateSize = intermediateSize
        self.activation = activation
        self.layerNormEpsilon = layerNormEpsilon
        self.layerScale = layerScale
    }

    public var headSize: Int { hiddenSize / heads }
}
