import CImageCodecs
import Diagnostics
import Foundation

/// Decodes PNG and JPEG files to 8-bit RGB, as PIL's `Image.open(path).convert("RGB")` does
/// for the images that vision checkpoints are evaluated on: libpng (its simplified API) and
/// libjpeg-turbo (TurboJPEG, accurate integer DCT and smooth chroma upsampling, as PIL decodes
/// by default) from Debian.
///
/// - Grey images are replicated into the three channels; an alpha channel is dropped, not
///   composited (PIL's conversion does the same); palette images take their palette's colours.
/// - 16-bit PNG samples are reduced to 8 bits by libpng (rounded; PIL keeps the high byte, so a
///   value can differ by one).
/// - A PNG with a gAMA or cHRM chunk other than sRGB's is converted to sRGB by libpng; PIL
///   ignores those chunks.
/// - The EXIF orientation is not applied (PIL's `open` does not apply it either).
///
/// The format is told by the file's first bytes, never by its name. A truncated or corrupt
/// file, or one of more than `maximumPixels` pixels, is refused with a one-line error naming it.
public enum ImageDecoder {
    /// 2²⁶ pixels (8192 × 8192): a file that claims more is refused before any allocation.
    public static let maximumPixels = 1 << 26

    public enum Format: String, Sendable {
        case png = "PNG", jpeg = "JPEG"
    }

    /// The format of `bytes` by its signature, or nil.
    public static func format(of bytes: [UInt8]) -> Format? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }

    public static func decode(contentsOf url: URL) throws -> RGBImage {
        let data = try InputFile.read(url)
        return try decode(Array(data), source: url.lastPathComponent)
    }

    /// Decodes a PNG or JPEG held in memory; `source` names it in errors.
    public static func decode(_ bytes: [UInt8], source: String) throws -> RGBImage {
        guard !bytes.isEmpty else { throw ModelError("\(source): the image file is empty") }
        switch format(of: bytes) {
        case .png?: return try decodePNG(bytes, source: source)
        case .jpeg?: return try decodeJPEG(bytes, source: source)
        case nil: throw ModelError("\(source): not a PNG or JPEG image (unknown signature)")
        }
    }

    static func checkSize(width: Int, height: Int, source: String) throws {
        guard width > 0, height > 0 else { throw ModelError("\(source): the image header gives \(width)×\(height) pixels") }
        guard width <= maximumPixels / height else {
            throw ModelError("\(source): the image header claims \(width)×\(height) pixels, more than the \(maximumPixels) accepted")
        }
    }

    static func decodePNG(_ bytes: [UInt8], source: String) throws -> RGBImage {
        var image = png_image()
        image.version = png_uint_32(sb_png_image_version())
        func message() -> String {
            withUnsafeBytes(of: image.message) { raw in
                let text = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                return text.isEmpty ? "corrupt PNG" : text
            }
        }
        let begun = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else {
            png_image_free(&image)
            throw ModelError("\(source): not a readable PNG (\(message()))")
        }
        let width = Int(image.width), height = Int(image.height)
        do { try checkSize(width: width, height: height, source: source) } catch {
            png_image_free(&image)
            throw error
        }
        image.format = png_uint_32(sb_png_format_rgba())
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        // The whole file is read again here: a truncated image data stream fails now.
        let finished = rgba.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard finished != 0, sb_png_failed(&image) == 0 else {
            let text = message()
            png_image_free(&image)
            throw ModelError("\(source): truncated or corrupt PNG (\(text))")
        }
        png_image_free(&image)
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for p in 0..<(width * height) {
            rgb[3 * p] = rgba[4 * p]
            rgb[3 * p + 1] = rgba[4 * p + 1]
            rgb[3 * p + 2] = rgba[4 * p + 2]
        }
        return try RGBImage(width: width, height: height, pixels: rgb)
    }

    static func decodeJPEG(_ bytes: [UInt8], source: String) throws -> RGBImage {
        guard let handle = tjInitDecompress() else { throw ModelError("\(source): TurboJPEG could not start a decompressor") }
        defer { tjDestroy(handle) }
        func message() -> String { String(cString: tjGetErrorStr2(handle)) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colourspace: Int32 = 0
        let header = bytes.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt(bytes.count), &width, &height, &subsampling, &colourspace)
        }
        guard header == 0 else { throw ModelError("\(source): not a readable JPEG (\(message()))") }
        try checkSize(width: Int(width), height: Int(height), source: source)
        var rgb = [UInt8](repeating: 0, count: Int(width) * Int(height) * 3)
        // Any warning (a premature end of the data, a corrupt segment) is an error: a partly
        // decoded image would be a silent wrong input.
        let flags = Int32(TJFLAG_STOPONWARNING)
        let status = bytes.withUnsafeBufferPointer { src in
            rgb.withUnsafeMutableBufferPointer { dst in
                tjDecompress2(handle, src.baseAddress, UInt(bytes.count), dst.baseAddress, width, 0, height, Int32(TJPF_RGB.rawValue), flags)
            }
        }
        guard status == 0 else { throw ModelError("\(source): truncated or corrupt JPEG (\(message()))") }
        return try RGBImage(width: Int(width), height: Int(height), pixels: rgb)
    }
}
