import Tensors

/// A vision Transformer's embedding layer, in Double: the pixel tensor [3, H, W] is cut into
/// p × p patches (a convolution of stride p, read row by row), each projected by W [hidden,
/// 3·p·p] (+ b); the class token is put first, the position embeddings are added and, where the
/// checkpoint has one (CLIP's `ln_pre`, timm's `norm_pre`), a LayerNorm follows. Its output is
/// the encoder's input, as timm's, open_clip's and Hugging Face's ViT embeddings compute it.
/// An image whose patch grid differs from the position table's is refused, unless
/// `interpolatesPositions` (DINOv2): then the table's square grid is resized bicubically
/// (`PositionInterpolation`), the class token's position kept.
public struct PatchEmbeddings: Sendable {
    /// [hidden, 3·p·p]: the convolution's kernel flattened in PyTorch's order (channel, row,
    /// column).
    public let projection: Tensor<Double>
    /// [hidden], or nil (CLIP's convolution has no bias).
    public let bias: [Double]?
    public let classToken: [Double]
    /// [1 + patches, hidden].
    public let positions: Tensor<Double>
    public let patchSize: Int
    /// The LayerNorm after the positions (γ, β, ε), or nil.
    public let preNorm: VectorLayerNorm?
    /// Whether images of another patch grid get an interpolated position table (DINOv2).
    public let interpolatesPositions: Bool
    /// [3·p·p, hidden]: the projection transposed once, for the product of the patches.
    let projectionTransposed: Tensor<Double>

    public init(
        projection: Tensor<Double>, bias: [Double]?, classToken: [Double], positions: Tensor<Double>, patchSize: Int,
        preNorm: VectorLayerNorm? = nil, interpolatesPositions: Bool = false
    ) throws {
        guard patchSize > 0, projection.rank == 2, projection.shape[1] == 3 * patchSize * patchSize else {
            throw OperatorError.shapeMismatch("patch projection \(projection.shape) for \(patchSize)×\(patchSize) patches of 3 channels")
        }
        let h = projection.shape[0]
        guard bias.map({ $0.count == h }) ?? true, classToken.count == h, positions.rank == 2, positions.shape[1] == h,
            positions.shape[0] >= 2
        else {
            throw OperatorError.shapeMismatch(
                "patch embedding widths disagree: projection \(projection.shape), bias \(bias?.count ?? h), class token \(classToken.count), positions \(positions.shape)")
        }
        if let preNorm, preNorm.width != h {
            throw OperatorError.shapeMismatch("the pre-norm has width \(preNorm.width), the embeddings \(h)")
        }
        self.projection = projection
        self.bias = bias
        self.classToken = classToken
        self.positions = positions
        self.patchSize = patchSize
        self.preNorm = preNorm
        self.interpolatesPositions = interpolatesPositions
        projectionTransposed = try projection.transposed()
    }

    public var hiddenSize: Int { projection.shape[0] }
    /// The number of patches the position table has room for.
    public var patches: Int { positions.shape[0] - 1 }

    /// The encoder input [1 + patches, hidden] of a pixel tensor [3, H, W].
    public func embed(_ pixels: Tensor<Double>) throws -> Tensor<Double> {
        guard pixels.rank == 3, pixels.shape[0] == 3 else {
            throw OperatorError.shapeMismatch("pixels of shape \(pixels.shape), expected [3, height, width]")
        }
        let height = pixels.shape[1], width = pixels.shape[2], p = patchSize
        guard height % p == 0, width % p == 0 else {
            throw OperatorError.shapeMismatch("a \(width)×\(height) image is not a whole number of \(p)×\(p) patches")
        }
        let rows = height / p, columns = width / p
        var positions = self.positions
        if rows * columns != patches || (interpolatesPositions && rows != columns) {
            let side = Int(Double(patches).squareRoot().rounded())
            guard interpolatesPositions, side * side == patches else {
                throw OperatorError.shapeMismatch(
                    "a \(width)×\(height) image gives \(rows * columns) patches of \(p)×\(p), the position table has \(patches)")
            }
            let h = hiddenSize
            let grid = try Tensor(shape: [patches, h], values: Array(positions.values[h...]))
            let resized = try PositionInterpolation.bicubic(grid, rows: side, columns: side, newRows: rows, newColumns: columns)
            positions = try Tensor(shape: [rows * columns + 1, h], values: Array(positions.values[..<h]) + resized.values)
        }
        let patchCount = rows * columns
        let h = hiddenSize, k = 3 * p * p
        var patchValues = [Double](repeating: 0, count: patchCount * k)
        for r in 0..<rows {
            for c in 0..<columns {
                let base = (r * columns + c) * k
                for channel in 0..<3 {
                    for y in 0..<p {
                        for x in 0..<p {
                            patchValues[base + (channel * p + y) * p + x] = pixels.values[(channel * height + r * p + y) * width + c * p + x]
                        }
                    }
                }
            }
        }
        let projected = try Tensor(shape: [patchCount, k], values: patchValues).matmul(projectionTransposed)
        var out = [Double](repeating: 0, count: (patchCount + 1) * h)
        for j in 0..<h { out[j] = classToken[j] + positions.values[j] }
        for i in 0..<patchCount {
            for j in 0..<h {
                out[(i + 1) * h + j] = projected.values[i * h + j] + (bias?[j] ?? 0) + positions.values[(i + 1) * h + j]
            }
        }
        if let preNorm {
            for i in 0...patchCount { out.replaceSubrange((i * h)..<((i + 1) * h), with: preNorm(out[(i * h)..<((i + 1) * h)])) }
        }
        return try Tensor(shape: [patchCount + 1, h], values: out)
    }
}
