import PropertyBased

/// A random source that records every draw (a tape) and can replay a tape: the same generator
/// run on the same tape gives the same value, so a failing case can be kept as its tape and
/// shrunk by editing the tape (Hypothesis's idea): draws made smaller give values nearer their
/// ranges' lower ends. Past the tape's end every draw is 1: the standard library's bounded
/// sampling (Lemire's) maps 1 to a range's lower end and never rejects it, where 0 would be
/// rejected forever, so a shortened tape generates the smallest values and ends.
public struct TapeRandom: SeededRandomNumberGenerator {
    public private(set) var tape: [UInt64]
    var position = 0
    /// Where new draws come from while recording (its state after the draws, for a stream
    /// shared by several cases); nil while replaying.
    public private(set) var source: Xoshiro?

    /// Records the draws of `source`.
    public init(recording source: Xoshiro) {
        tape = []
        self.source = source
    }

    /// Replays `tape`.
    public init(replaying tape: [UInt64]) {
        self.tape = tape
        source = nil
    }

    public init?(seed: [UInt64]) { self.init(replaying: seed) }
    public init() { self.init(replaying: []) }
    public var currentSeed: [UInt64] { tape }

    public mutating func next() -> UInt64 {
        if var s = source {
            let v = s.next()
            source = s
            tape.append(v)
            return v
        }
        defer { position += 1 }
        return position < tape.count ? tape[position] : 1
    }

    public static func == (a: TapeRandom, b: TapeRandom) -> Bool { a.tape == b.tape && a.position == b.position }
    public func hash(into h: inout Hasher) {
        h.combine(tape)
        h.combine(position)
    }
}

extension Xoshiro {
    /// A generator whose four state words are SplitMix64 mixes of `words` (Xoshiro's first draws
    /// from small raw seeds are small, which would bias the first cases).
    public static func mixing(_ words: UInt64...) -> Xoshiro {
        var z = words.reduce(0x9E37_79B9_7F4A_7C15) { ($0 ^ $1) &* 0xBF58_476D_1CE4_E5B9 }
        func next() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        return Xoshiro(seed: (next(), next(), next(), next()))
    }
}

/// Shrinks a failing tape: shorter tapes first, then each draw towards 1, while the case
/// still fails, within `budget` evaluations. Every accepted candidate is smaller in the
/// shortlex order, so this ends.
public func shrinkTape(_ tape: [UInt64], budget: Int = 2000, fails: ([UInt64]) -> Bool) -> [UInt64] {
    var best = tape, left = budget
    func attempt(_ candidate: [UInt64]) -> Bool {
        guard left > 0 else { return false }
        left -= 1
        if fails(candidate) {
            best = candidate
            return true
        }
        return false
    }
    var improved = true
    while improved && left > 0 {
        improved = false
        var cut = best.count / 2
        while cut > 0 && !improved {
            if attempt(Array(best.prefix(best.count - cut))) { improved = true }
            cut /= 2
        }
        for i in best.indices where best[i] > 1 && left > 0 {
            for smaller in [1, best[i] >> 32, best[i] >> 8, best[i] >> 1, best[i] - 1] where smaller >= 1 && smaller < best[i] {
                var candidate = best
                candidate[i] = smaller
                if attempt(candidate) {
                    improved = true
                    break
                }
            }
        }
    }
    return best
}
