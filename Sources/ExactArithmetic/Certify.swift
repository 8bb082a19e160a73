/// What is known of a real number before it is computed: it lies in the open interval
/// (lower, upper) when those are given.
struct OpenBounds {
    var lower: Rational?
    var upper: Rational?

    static let none = OpenBounds(lower: nil, upper: nil)
    static let unit = OpenBounds(lower: .zero, upper: .one)
    static let negativeUnit = OpenBounds(lower: -.one, upper: .zero)
}

/// Ziv's strategy on the output grid (theorem ENC-GRID).
///
/// `enclose(w)` must return, for every working precision w, intervals that contain the real
/// numbers v_1 … v_n, and should shrink toward them as w grows. Each v_i lies in
/// `bounds[i]`.
///
/// The result for each v is [RD(v), RU(v)], the grid points just below and just above v
/// (one point when v is on the grid), as soon as an enclosure decides them. If no enclosure
/// up to the largest working precision decides them (v on or extremely near a grid point),
/// the result is [RD(lo), RU(hi)] of the last enclosure: still sound, and at most two grid
/// steps wide when that enclosure is narrower than a grid step.
func certifyAll(
    bits: Int,
    bounds: [OpenBounds],
    _ enclose: (Int) throws -> [Interval]
) throws -> [Interval] {
    let grid = OutputGrid(bits: bits)
    var results = [Interval?](repeating: nil, count: bounds.count)
    for w in workingPrecisions(bits) {
        let enclosures = try enclose(w)
        for i in bounds.indices where results[i] == nil {
            let (decided, candidate) = decide(enclosures[i], bounds[i], grid)
            // At the last working precision the candidate is kept even when undecided.
            if decided || w == maximumWorkingPrecision(bits) { results[i] = candidate }
        }
        if !results.contains(where: { $0 == nil }) { break }
    }
    return results.map { $0! }
}

/// The largest working precision of Ziv's loop for output precision b: 4b + 256.
func maximumWorkingPrecision(_ bits: Int) -> Int { 4 * bits + 256 }

/// Ziv's working precisions for output precision b: b + 24, doubled, up to 4b + 256.
func workingPrecisions(_ bits: Int) -> [Int] {
    var ladder = [bits + 24]
    while ladder.last! < maximumWorkingPrecision(bits) {
        ladder.append(min(2 * ladder.last!, maximumWorkingPrecision(bits)))
    }
    return ladder
}

/// One value of `certifyAll`.
func certify(bits: Int, _ bounds: OpenBounds = .none, _ enclose: (Int) throws -> Interval) throws -> Interval {
    try certifyAll(bits: bits, bounds: [bounds]) { [try enclose($0)] }[0]
}

/// Whether an enclosure e of v decides RD(v) and RU(v), and the rounded interval.
private func decide(_ enclosure: Interval, _ bounds: OpenBounds, _ grid: OutputGrid) -> (Bool, Interval) {
    var e = enclosure
    if let l = bounds.lower, e.lo < l, l <= e.hi { e = Interval(unchecked: l, e.hi) }
    if let u = bounds.upper, e.hi > u, u >= e.lo { e = Interval(unchecked: e.lo, u) }
    let downLo = grid.down(e.lo), upHi = grid.up(e.hi)
    var downHi = grid.down(e.hi), upLo = grid.up(e.lo)
    if e.lo < e.hi {
        // v < upper strictly: when e reaches a grid point `upper`, RD(v) lies below it.
        if let u = bounds.upper, e.hi == u, grid.contains(u) { downHi = grid.predecessor(u) }
        if let l = bounds.lower, e.lo == l, grid.contains(l) { upLo = grid.successor(l) }
    }
    return (downLo == downHi && upLo == upHi, Interval(unchecked: downLo, upHi))
}

/// The sign of a real number v from enclosures at increasing working precision:
/// +1 or −1 once an enclosure excludes 0, and 0 ("undecided") if none does.
func certifiedSign(bits: Int, _ enclose: (Int) throws -> Interval) throws -> Int {
    for w in workingPrecisions(bits) {
        let e = try enclose(w)
        if e.lo.sign > 0 { return 1 }
        if e.hi.sign < 0 { return -1 }
    }
    return 0
}
