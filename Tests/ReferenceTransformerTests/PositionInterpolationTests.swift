import Foundation
import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import Tensors
import Testing

/// DINOv2's resized position table: PyTorch's bicubic `F.interpolate` (align_corners False, no
/// antialiasing) in float64 on a random grid, shrinking, enlarging, mixed and the identity
/// (scripts/make-vision-fixtures), and the tiny DINOv2 at 24 × 24 pixels against transformers.
@Suite("Position-table interpolation (DINOv2)")
struct PositionInterpolationTests {
    static let reference = RepositoryFiles.url("Fixtures/tiny-hf-dinov2/interpolation.safetensors")

    /// [channels, rows, columns] (PyTorch's layout) as [rows·columns, channels].
    static func positions(_ t: Tensor<Double>) throws -> Tensor<Double> {
        let c = t.shape[0], n = t.shape[1] * t.shape[2]
        return try Tensor(shape: [n, c], values: (0..<(n * c)).map { t.values[($0 % c) * n + $0 / c] })
    }

    @Test func equalsTorchsBicubicInterpolation() throws {
        let file = try SafetensorsFile(contentsOf: Self.reference)
        let grid = try Self.positions(try file.doubles("grid"))
        for (h, w) in [(3, 3), (8, 8), (4, 6), (2, 7), (5, 5)] {
            let resized = try PositionInterpolation.bicubic(grid, rows: 5, columns: 5, newRows: h, newColumns: w)
            let expected = try Self.positions(try file.doubles("grid.\(h)x\(w)"))
            let d = zip(resized.values, expected.values).map { abs($0 - $1) }.max() ?? .infinity
            #expect(resized.shape == expected.shape && d <= 1e-14, "\(h)×\(w): \(d)")
        }
    }

    /// At 24 × 24 pixels the 4 × 4 table becomes 6 × 6. transformers interpolates in float32, so
    /// the embeddings agree to float32 rounding, not to 10⁻⁹.
    @Test func theTinyDINOv2AtAnotherSizeMatchesTransformers() throws {
        let file = try SafetensorsFile(contentsOf: Self.reference)
        let checkpoint = try Checkpoint(directory: RepositoryFiles.url("Fixtures/tiny-hf-dinov2")).withImageSize(24)
        let vision = try #require(checkpoint.vision)
        let encoder = try ReferenceEncoder(checkpoint.weights)
        for (k, photo) in ["china.jpg", "flower.png"].enumerated() {
            let pixels = try vision.preprocessing.pixels(try ImageDecoder.decode(contentsOf: RepositoryFiles.url("Fixtures/images/\(photo)")))
            #expect(pixels.values == (try file.doubles("image.\(k).size24.pixels")).values)
            let embedded = try vision.embeddings.embed(pixels)
            let expected = try file.doubles("image.\(k).size24.embeddings")
            #expect(embedded.shape == [37, 32])
            let e = zip(embedded.values, expected.values).map { abs($0 - $1) }.max() ?? .infinity
            #expect(e <= 1e-6 && e > 0, "embeddings: \(e)")
            let last = try encoder.forward(embedded).last!
            let d = zip(last.values, try file.doubles("image.\(k).size24.layer.1").values).map { abs($0 - $1) }.max() ?? .infinity
            #expect(d <= 1e-5, "layer 1: \(d)")
        }
        // A family that does not interpolate refuses another grid.
        #expect(throws: ModelError.self) { try Checkpoint(directory: RepositoryFiles.url("Fixtures/tiny-timm-vit")).withImageSize(24) }
        #expect(throws: ModelError.self) { try Checkpoint(directory: RepositoryFiles.url("Fixtures/tiny-hf-dinov2")).withImageSize(25) }
    }
}
