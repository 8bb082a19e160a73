import Foundation

/// Resizes an 8-bit image as Pillow's `Image.resize(size, resample)` does (Pillow ≥ 7, no
/// `box`, no `reducing_gap`), so that a checkpoint sees the pixels its own preprocessing gives:
/// a separable convolution, horizontal pass then vertical pass, each rounded back to 8 bits.
///
/// - Each output sample i of an axis of `inSize` → `outSize` has centre c = (i + ½)·s with
///   s = inSize / outSize. The filter is widened by f = max(s, 1) (antialiasing when shrinking):
///   it reads input samples j in [⌊c − r·f + ½⌋, ⌊c + r·f + ½⌋) ∩ [0, inSize) for the filter's
///   support r, with weight k((j − c + ½)/f), normalised to sum 1.
/// - The weights become integers with 22 fractional bits (rounded half away from zero); a sum
///   is started at 2²¹ (a half), shifted right by 22 and clamped to [0, 255].
/// - An axis of equal size is not resampled.
public enum ImageResampling {
    /// Pillow's filters by their numbers (`PIL.Image.Resampling`).
    public enum Filter: Int, Sendable, CaseIterable {
        case lanczos = 1, bilinear = 2, bicubic = 3, box = 4, hamming = 5

        /// The name Pillow and the checkpoints' configs use.
        public var name: String {
            switch self {
            case .lanczos: return "lanczos"
            case .bilinear: return "bilinear"
            case .bicubic: return "bicubic"
            case .box: return "box"
            case .hamming: return "hamming"
            }
        }

        public init?(name: String) {
            guard let f = Self.allCases.first(where: { $0.name == name }) else { return nil }
            self = f
        }

        var support: Double {
            switch self {
            case .box: return 0.5
            case .bilinear, .hamming: return 1
            case .bicubic: return 2
            case .lanczos: return 3
            }
        }

        func weight(_ x: Double) -> Double {
            switch self {
            case .box:
                return x > -0.5 && x <= 0.5 ? 1 : 0
            case .bilinear:
                let a = abs(x)
                return a < 1 ? 1 - a : 0
            case .hamming:
                let a = abs(x)
                if a == 0 { return 1 }
                if a >= 1 { return 0 }
                let p = a * Double.pi
                return sin(p) / p * (0.54 + 0.46 * cos(p))
            case .bicubic:
                // Keys' cubic with a = −0.5.
                let a = -0.5, t = abs(x)
                if t < 1 { return ((a + 2) * t - (a + 3)) * t * t + 1 }
                if t < 2 { return (((t - 5) * t + 8) * t - 4) * a }
                return 0
            case .lanczos:
                guard x > -3, x < 3 else { return 0 }
                return Self.sinc(x) * Self.sinc(x / 3)
            }
        }

        static func sinc(_ x: Double) -> Double {
            guard x != 0 else { return 1 }
            let p = x * Double.pi
            return sin(p) / p
        }
    }

    static let precisionBits = 22

    /// One axis's taps: for output sample i, the first input sample and the integer weights.
    struct Taps {
        let first: [Int]
        let weights: [[Int64]]

        init(inSize: Int, outSize: Int, filter: Filter) {
            let scale = Double(inSize) / Double(outSize)
            let filterScale = max(scale, 1)
            let support = filter.support * filterScale
            var first = [Int](), weights = [[Int64]]()
            for i in 0..<outSize {
                let centre = (Double(i) + 0.5) * scale
                // C's truncating casts, as Pillow computes the window.
                let lo = max(Int(centre - support + 0.5), 0)
                let hi = min(Int(centre + support + 0.5), inSize)
                var w = (lo..<max(hi, lo)).map { filter.weight((Double($0) - centre + 0.5) / filterScale) }
                let total = w.reduce(0, +)
                if total != 0 { w = w.map { $0 / total } }
                let one = Double(1 << precisionBits)
                first.append(lo)
                weights.append(w.map { Int64(($0 < 0 ? -0.5 : 0.5) + $0 * one) })
            }
            self.first = first
            self.weights = weights
        }
    }

    static func clip8(_ sum: Int64) -> UInt8 {
        let v = sum >> Int64(precisionBits)
        return UInt8(min(max(v, 0), 255))
    }

    /// `image` resized to width × height with `filter`.
    public static func resize(_ image: RGBImage, width: Int, height: Int, filter: Filter) throws -> RGBImage {
        guard width > 0, height > 0 else { throw ModelError("cannot resize an image to \(width)×\(height) pixels") }
        var current = image
        if width != current.width {
            let taps = Taps(inSize: current.width, outSize: width, filter: filter)
            var out = [UInt8](repeating: 0, count: width * current.height * 3)
            current.pixels.withUnsafeBufferPointer { src in
                for y in 0..<current.height {
                    for x in 0..<width {
                        let w = taps.weights[x], lo = taps.first[x]
                        for c in 0..<3 {
                            var sum = Int64(1) << Int64(precisionBits - 1)
                            for (k, wk) in w.enumerated() { sum += Int64(src[((y * current.width) + lo + k) * 3 + c]) * wk }
                            out[(y * width + x) * 3 + c] = clip8(sum)
                        }
                    }
                }
            }
            current = try RGBImage(width: width, height: current.height, pixels: out)
        }
        if height != current.height {
            let taps = Taps(inSize: current.height, outSize: height, filter: filter)
            var out = [UInt8](repeating: 0, count: width * height * 3)
            current.pixels.withUnsafeBufferPointer { src in
                for y in 0..<height {
                    let w = taps.weights[y], lo = taps.first[y]
                    for x in 0..<width {
                        for c in 0..<3 {
                            var sum = Int64(1) << Int64(precisionBits - 1)
                            for (k, wk) in w.enumerated() { sum += Int64(src[((lo + k) * width + x) * 3 + c]) * wk }
                            out[(y * width + x) * 3 + c] = clip8(sum)
                        }
                    }
                }
            }
            current = try RGBImage(width: width, height: height, pixels: out)
        }
        return current
    }
}
