import ReferenceTransformer
import Tensors

/// What a vision checkpoint adds to its encoder: the patch embeddings that turn pixels into the
/// encoder's input, the preprocessing that turns an image file into pixels, and the LayerNorm
/// after the last block (timm's `norm`, CLIP's `ln_post`, Hugging Face's `layernorm`), which
/// the class-token features pass through.
public struct VisionModel: Sendable {
    public let family: CheckpointFamily
    public let embeddings: PatchEmbeddings
    public let preprocessing: ImagePreprocessing
    /// γ, β, ε of the final LayerNorm; nil when the checkpoint has none.
    public let finalNorm: VectorLayerNorm?

    public init(
        family: CheckpointFamily, embeddings: PatchEmbeddings, preprocessing: ImagePreprocessing,
        finalNorm: VectorLayerNorm?
    ) {
        self.family = family
        self.embeddings = embeddings
        self.preprocessing = preprocessing
        self.finalNorm = finalNorm
    }

    /// The same model with images preprocessed to n × n (`ImagePreprocessing.resized(to:)`);
    /// n must be a multiple of the patch size, and other than the native size only where the
    /// position table is interpolated (DINOv2).
    public func imageSize(_ n: Int) throws -> VisionModel {
        let p = embeddings.patchSize
        guard n > 0, n % p == 0 else { throw ModelError("--image-size \(n) is not a positive multiple of the patch size \(p)") }
        guard embeddings.interpolatesPositions || (n / p) * (n / p) == embeddings.patches else {
            throw ModelError("--image-size \(n) gives \((n / p) * (n / p)) patches; this \(family.rawValue) checkpoint has \(embeddings.patches) positions and does not interpolate them")
        }
        return VisionModel(family: family, embeddings: embeddings, preprocessing: try preprocessing.resized(to: n), finalNorm: finalNorm)
    }

    /// The side of the square images whose patches fill the position table, or nil when the
    /// table is not a square number of patches.
    public var nativeImageSize: Int? {
        let n = embeddings.patches
        let side = Int(Double(n).squareRoot().rounded())
        return side * side == n ? side * embeddings.patchSize : nil
    }

    /// The encoder input of an image: preprocessing, then the patch embeddings. The preprocessed
    /// size must give the position table's number of patches (the table is not interpolated).
    public func embed(_ image: RGBImage, name: String) throws -> Tensor<Double> {
        let pixels = try preprocessing.pixels(image)
        do { return try embeddings.embed(pixels) } catch let error as OperatorError {
            throw ModelError("\(name): \(error)")
        }
    }
}
