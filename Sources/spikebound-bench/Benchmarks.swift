import Tensors
import Bounds
import ExactArithmetic

/// All benchmarks, in a function so that nothing in the hot loops is a global.
func runBenchmarks() throws {
    var rng = SplitMix(state: 20_261_123)
    var sink = 0
    let length = 768

    print("SpikeBound exact-arithmetic benchmarks (release build, one thread)")
    print("")

    // Double baseline.
    let xd = (0..<length).map { _ in Double(Float.random(in: -1...1, using: &rng)) }
    let yd = (0..<length).map { _ in Double(Float.random(in: -1...1, using: &rng)) }
    let doubleRun = measure(sink: &sink) {
        var s = 0.0
        for i in 0..<length { s += xd[i] * yd[i] }
        return Int(s.bitPattern & 1)
    }
    print("dot product \(length), Double:".padding(toLength: 48) + "\(formatRate(Double(doubleRun.runs * length) / doubleRun.seconds)) multiply-adds")

    // Dyadic rationals: exact images of float32 weights and activations.
    let xr = try xd.map { try Rational(exactly: $0) }
    let yr = try yd.map { try Rational(exactly: $0) }
    let dyadicRun = measure(sink: &sink) {
        var s = Rational.zero
        for i in 0..<length { s += xr[i] * yr[i] }
        return s.denominatorBitWidth
    }
    print("dot product \(length), Rational, float32 dyadics:".padding(toLength: 48) + "\(formatRate(Double(dyadicRun.runs * length) / dyadicRun.seconds)) multiply-adds")

    // Random 20-digit fractions: the denominators of the sum grow.
    func twentyDigits() -> Rational {
        let n = UInt64.random(in: 10_000_000_000...99_999_999_999, using: &rng)
        let d = UInt64.random(in: 1_000_000_000...9_999_999_999, using: &rng)
        return try! Rational(parsing: "\(n)\(n % 1_000_000_000)/\(d)\(d % 1_000_000_000)")
    }
    let xf = (0..<length).map { _ in twentyDigits() }
    let yf = (0..<length).map { _ in twentyDigits() }
    var lastBits = 0
    let fractionRun = measure(sink: &sink) {
        var s = Rational.zero
        for i in 0..<length { s += xf[i] * yf[i] }
        lastBits = s.denominatorBitWidth
        return lastBits
    }
    print("dot product \(length), Rational, 20-digit fractions:".padding(toLength: 48) + "\(formatRate(Double(fractionRun.runs * length) / fractionRun.seconds)) multiply-adds (sum denominator \(lastBits) bits)")
    print("")

    // Enclosures at points spread over [−4, 4] (dyadic, from doubles).
    let points = (0..<256).map { _ in try! Rational(exactly: Double.random(in: -4...4, using: &rng)) }
    for (name, f) in [("exp", ElementaryFunction.exp), ("erf", .erf), ("gelu", .gelu)] {
        for bits in [64, 256] {
            var index = 0
            let run = measure(sink: &sink) {
                let p = points[index % points.count]
                index += 1
                let y = try! f.enclose(Interval(p), bits: bits)
                return y.hi.numeratorBitWidth
            }
            print("\(name) enclosure at \(bits) bits:".padding(toLength: 48) + "\(formatRate(Double(run.runs) / run.seconds)) evaluations")
        }
    }
    print("")
    print("(checksum \(sink & 0xFFFF))")
}

extension String {
    func padding(toLength n: Int) -> String {
        count >= n ? self : self + String(repeating: " ", count: n - count)
    }
}
