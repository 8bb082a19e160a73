import ExactArithmetic

/// An observed error beside its bound. Ratios compare by cross-multiplication, so a zero bound
/// with a non-zero observation ranks above every finite ratio.
public struct ObservedRatio: Sendable, Equatable, Comparable {
    public let observed: Rational
    public let bound: Rational

    public init(observed: Rational, bound: Rational) {
        self.observed = observed
        self.bound = bound
    }

    /// observed ≤ bound.
    public var isSound: Bool { observed <= bound }

    /// observed/bound as a Double (∞ for a zero bound under a non-zero observation, 0 for 0/0).
    public var ratio: Double {
        if bound.isZero { return observed.isZero ? 0 : .infinity }
        return ((try? observed / bound) ?? .zero).doubleValue()
    }

    public static func < (x: ObservedRatio, y: ObservedRatio) -> Bool {
        x.observed * y.bound < y.observed * x.bound
            || (x.bound.isZero && y.bound.isZero && x.observed < y.observed)
    }
}

/// Targeted search for the worst case of a bound: hill-climbing on observed/bound.
public enum RatioSearch {
    /// Starting from `starts`, repeatedly proposes `width` neighbours of the best candidate
    /// (scored together, so a batch can be simulated at once) and keeps the best, for `rounds`
    /// rounds. Returns the best candidate and its ratio.
    public static func hillClimb<Candidate, R: RandomNumberGenerator>(
        starts: [Candidate], rounds: Int, width: Int = 8, using rng: inout R,
        neighbour: (Candidate, inout R) -> Candidate,
        score: ([Candidate]) throws -> [ObservedRatio]
    ) throws -> (candidate: Candidate, ratio: ObservedRatio) {
        guard !starts.isEmpty else { throw BoundError.invalidParameter("a search needs a starting candidate") }
        let initial = try score(starts)
        guard let first = initial.indices.max(by: { initial[$0] < initial[$1] }) else {
            throw BoundError.invalidParameter("the score returned no ratio")
        }
        var best = (candidate: starts[first], ratio: initial[first])
        for _ in 0..<rounds {
            let proposals = (0..<width).map { _ in neighbour(best.candidate, &rng) }
            let ratios = try score(proposals)
            if let k = ratios.indices.max(by: { ratios[$0] < ratios[$1] }), best.ratio < ratios[k] || best.ratio == ratios[k] {
                best = (proposals[k], ratios[k])
            }
        }
        return best
    }
}
