import Tensors

/// How a vision checkpoint turns a decoded image into its pixel tensor [3, height, width]: a
/// resize (Pillow's, `ImageResampling`), a centre crop, a rescale to [0, 1] and a per-channel
/// normalisation, in the float32 arithmetic of the checkpoint's own library so that the pixels
/// are the library's to the bit:
///
/// - torchvision (timm, CLIP, open_clip): `ToTensor` divides by 255 in float32, `Normalize`
///   subtracts the float32 mean and divides by the float32 std; the crop's offset is
///   `round((size − crop)/2)` with Python's round (half to even).
/// - Hugging Face image processors (the PIL ones, not the "fast" torchvision ones): the rescale
///   multiplies by the factor in float64 and rounds to float32, the normalisation is float32;
///   the crop's offset is `(size − crop) // 2`.
public struct ImagePreprocessing: Sendable, Equatable, CustomStringConvertible {
    public enum Resize: Sendable, Equatable {
        /// The shorter side becomes n, the longer ⌊n·long/short⌋ (torchvision's `Resize(n)`,
        /// Hugging Face's `shortest_edge`).
        case shortestEdge(Int)
        /// Both sides given.
        case exact(width: Int, height: Int)
    }

    public enum Arithmetic: String, Sendable, Equatable {
        case torchvision, huggingFace = "hugging-face"
    }

    public var resize: Resize?
    public var filter: ImageResampling.Filter
    /// (width, height) of the centre crop; nil for none.
    public var crop: (width: Int, height: Int)?
    /// Hugging Face's rescale factor (torchvision's `ToTensor` always divides by 255).
    public var rescale: Double
    public var mean: [Double]
    public var std: [Double]
    public var arithmetic: Arithmetic

    public init(
        resize: Resize?, filter: ImageResampling.Filter, crop: (width: Int, height: Int)?, rescale: Double = 1.0 / 255,
        mean: [Double], std: [Double], arithmetic: Arithmetic
    ) throws {
        guard mean.count == 3, std.count == 3 else {
            throw ModelError("image mean and std need 3 values each (RGB), got \(mean.count) and \(std.count)")
        }
        guard mean.allSatisfy(\.isFinite), std.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw ModelError("image mean must be finite and image std finite and > 0")
        }
        guard rescale.isFinite, rescale > 0 else { throw ModelError("the image rescale factor must be finite and > 0") }
        switch resize {
        case .shortestEdge(let n)?: guard n > 0 else { throw ModelError("the resize's shortest edge must be > 0, got \(n)") }
        case .exact(let w, let h)?: guard w > 0, h > 0 else { throw ModelError("the resize's size must be > 0, got \(w)×\(h)") }
        case nil: break
        }
        if let crop { guard crop.width > 0, crop.height > 0 else { throw ModelError("the crop must be > 0, got \(crop.width)×\(crop.height)") } }
        self.resize = resize
        self.filter = filter
        self.crop = crop
        self.rescale = rescale
        self.mean = mean
        self.std = std
        self.arithmetic = arithmetic
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.resize == b.resize && a.filter == b.filter && a.crop?.width == b.crop?.width && a.crop?.height == b.crop?.height
            && a.rescale == b.rescale && a.mean == b.mean && a.std == b.std && a.arithmetic == b.arithmetic
    }

    /// ImageNet's mean and std (timm's and DINOv2's defaults).
    public static let imageNetMean = [0.485, 0.456, 0.406]
    public static let imageNetStd = [0.229, 0.224, 0.225]
    /// OpenAI CLIP's mean and std (open_clip's OPENAI_DATASET_MEAN and _STD).
    public static let clipMean = [0.48145466, 0.4578275, 0.40821073]
    public static let clipStd = [0.26862954, 0.26130258, 0.27577711]

    public var description: String {
        var parts = [String]()
        switch resize {
        case .shortestEdge(let n)?: parts.append("resize shortest edge \(n) (\(filter.name))")
        case .exact(let w, let h)?: parts.append("resize \(w)×\(h) (\(filter.name))")
        case nil: break
        }
        if let crop { parts.append("centre crop \(crop.width)×\(crop.height)") }
        parts.append("normalise mean \(mean) std \(std) (\(arithmetic.rawValue) float32)")
        return parts.joined(separator: ", ")
    }

    /// The same preprocessing at another input size: the shorter side resized to n and an n × n
    /// centre crop (the filter, mean, std and arithmetic kept). For running a checkpoint on fewer
    /// tokens (`--image-size`); only a checkpoint that interpolates its position table accepts
    /// a grid other than its own.
    public func resized(to n: Int) throws -> ImagePreprocessing {
        try ImagePreprocessing(
            resize: .shortestEdge(n), filter: filter, crop: (n, n), rescale: rescale, mean: mean, std: std, arithmetic: arithmetic)
    }

    /// The size after resizing an image of width × height.
    public func resizedSize(width: Int, height: Int) -> (width: Int, height: Int) {
        switch resize {
        case nil: return (width, height)
        case .exact(let w, let h)?: return (w, h)
        case .shortestEdge(let n)?:
            // Python's int(n * long / short): a float64 quotient, truncated.
            if width <= height { return (n, Int(Double(n) * Double(height) / Double(width))) }
            return (Int(Double(n) * Double(width) / Double(height)), n)
        }
    }

    /// The size of the tensor this preprocessing gives for an image of width × height.
    public func outputSize(width: Int, height: Int) -> (width: Int, height: Int) {
        crop ?? resizedSize(width: width, height: height)
    }

    /// The pixel tensor [3, height, width] of `image`.
    public func pixels(_ image: RGBImage) throws -> Tensor<Double> {
        let size = resizedSize(width: image.width, height: image.height)
        var resized = image
        if size.width != image.width || size.height != image.height {
            resized = try ImageResampling.resize(image, width: size.width, height: size.height, filter: filter)
        }
        var left = 0, top = 0
        var out = (width: resized.width, height: resized.height)
        if let crop {
            guard crop.width <= resized.width, crop.height <= resized.height else {
                throw ModelError("a \(crop.width)×\(crop.height) crop of a \(resized.width)×\(resized.height) image (after resizing): the crop is larger")
            }
            switch arithmetic {
            case .torchvision:
                left = Int((Double(resized.width - crop.width) / 2).rounded(.toNearestOrEven))
                top = Int((Double(resized.height - crop.height) / 2).rounded(.toNearestOrEven))
            case .huggingFace:
                left = (resized.width - crop.width) / 2
                top = (resized.height - crop.height) / 2
            }
            out = crop
        }
        let m = mean.map(Float.init), s = std.map(Float.init)
        var values = [Double](repeating: 0, count: 3 * out.width * out.height)
        for c in 0..<3 {
            for y in 0..<out.height {
                for x in 0..<out.width {
                    let p = resized[x + left, y + top, c]
                    let unit: Float
                    switch arithmetic {
                    case .torchvision: unit = Float(p) / 255
                    case .huggingFace: unit = Float(Double(p) * rescale)
                    }
                    values[(c * out.height + y) * out.width + x] = Double((unit - m[c]) / s[c])
                }
            }
        }
        return try Tensor(shape: [3, out.height, out.width], values: values)
    }
}
