/// An 8-bit RGB image, row after row, three bytes a pixel: what a decoder gives and what the
/// resampling and cropping of `ImagePreprocessing` read.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// width·height·3 bytes, R, G, B for each pixel, rows top to bottom.
    public let pixels: [UInt8]

    /// Refuses a size of zero or a pixel buffer of the wrong length.
    public init(width: Int, height: Int, pixels: [UInt8]) throws {
        guard width > 0, height > 0 else { throw ModelError("an image of \(width)×\(height) pixels has no pixels") }
        guard pixels.count == width * height * 3 else {
            throw ModelError("an image of \(width)×\(height) pixels needs \(width * height * 3) bytes, has \(pixels.count)")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The value of channel `c` at column `x`, row `y`.
    public subscript(x: Int, y: Int, c: Int) -> UInt8 { pixels[(y * width + x) * 3 + c] }
}
