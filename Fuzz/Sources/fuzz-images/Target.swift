import ModelIO

/// The PNG and JPEG decoders (libpng, TurboJPEG) and the resampling of what they decode.
func fuzzOne(_ bytes: [UInt8]) {
    guard let image = try? ImageDecoder.decode(bytes, source: "fuzz"), image.width * image.height <= 1 << 16 else { return }
    _ = try? ImageResampling.resize(image, width: 7, height: 5, filter: .bicubic)
}
