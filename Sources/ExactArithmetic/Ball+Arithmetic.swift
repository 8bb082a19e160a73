import CBall

/// +, −, ×, ÷ and comparisons of balls (BALL-ARB): each result contains the exact result for
/// every choice of points in the operands.
extension Ball {
    public static let zero = Ball(.point(0), precision: 0)

    /// f(a, b) at the operation's precision.
    private static func binary(
        _ a: Ball, _ b: Ball, _ f: (UnsafeMutableRawPointer, UnsafeRawPointer, UnsafeRawPointer, Int) -> Void
    ) -> Ball {
        let p = working(a, b)
        return a.withSource { x in b.withSource { y in make(p) { f($0, x, y, p) } } }
    }

    public static func + (a: Ball, b: Ball) -> Ball { binary(a, b, sb_ball_add) }
    public static func - (a: Ball, b: Ball) -> Ball { binary(a, b, sb_ball_sub) }
    public static func * (a: Ball, b: Ball) -> Ball { binary(a, b, sb_ball_mul) }

    public static prefix func - (a: Ball) -> Ball {
        if let x = a.point { return Ball(.point(-x), precision: a.precision) }
        return a.withSource { x in make(a.precision) { sb_ball_neg($0, x) } }
    }

    /// A ball containing both balls (and so every point between them).
    public func hull(_ other: Ball) -> Ball { Ball.binary(self, other, sb_ball_union) }

    /// A ball containing the interval.
    public init(enclosing x: Interval, precision: Int) {
        self = Ball(x.lo, precision: precision).hull(Ball(x.hi, precision: precision))
    }

    /// self / n for an integer n ≠ 0.
    public func divided(by n: Int) -> Ball {
        let p = Ball.working(self, self)
        return withSource { x in Ball.make(precision) { sb_ball_div_si($0, x, n, p) } }
    }

    /// self / other; throws when other may be zero.
    public static func / (a: Ball, b: Ball) throws -> Ball {
        let p = working(a, b)
        return try a.withSource { x in
            try b.withSource { y in try make(p, "division by a ball that contains 0 (\(b))") { sb_ball_div($0, x, y, p) } }
        }
    }

    /// -1, 0 (the same exact point) or 1 when decided for every point, nil otherwise.
    public func compare(_ other: Ball) -> Int? {
        let c = withSource { x in other.withSource { y in sb_ball_order(x, y) } }
        return c == 2 ? nil : Int(c)
    }

    /// ⌊self / unit⌋ when it is one integer for every point of both balls (unit > 0), else nil.
    public func floorDivided(by unit: Ball) -> Int? {
        var out = 0
        let p = Ball.working(self, unit)
        let ok = withSource { x in unit.withSource { u in sb_ball_floor_div(x, u, p, &out) } }
        return ok != 0 ? out : nil
    }

    /// The product of row-major [m, k] and [k, n] arrays of balls, by Arb's matrix product; when
    /// every entry of b is a point Double (weights), by `matmul(_:_:m:)` over b's fixed-point form.
    public static func matmul(_ a: [Ball], _ b: [Ball], m: Int, k: Int, n: Int) -> [Ball] {
        precondition(a.count == m * k && b.count == k * n, "matmul shapes")
        if let fixed = FixedPointMatrix(b, k: k, n: n) { return matmul(a, fixed, m: m) }
        let p = Swift.max(a.lazy.map(\.precision).max() ?? 0, b.lazy.map(\.precision).max() ?? 0)
        let precision = p > 0 ? p : defaultPrecision
        let aStorage = a.map(\.arbStorage), bStorage = b.map(\.arbStorage)
        let out = (0..<(m * n)).map { _ in BallStorage() }
        var outPointers: [UnsafeMutableRawPointer?] = out.map(\.pointer)
        let aPointers: [UnsafeRawPointer?] = aStorage.map(\.source), bPointers: [UnsafeRawPointer?] = bStorage.map(\.source)
        sb_ball_matmul(&outPointers, aPointers, bPointers, m, k, n, precision)
        return withExtendedLifetime((aStorage, bStorage)) { out.map { Ball(.arb($0), precision: precision) } }
    }

    /// The product of a row-major [m, k] array of balls and a matrix of point Doubles given in
    /// fixed-point form (weights, prepared once): B-FIX where it applies, else Arb's product,
    /// b's columns split over the cores.
    public static func matmul(_ a: [Ball], _ b: FixedPointMatrix, m: Int) -> [Ball] {
        let k = b.k, n = b.n
        precondition(a.count == m * k, "matmul shapes")
        let p = Swift.max(a.lazy.map(\.precision).max() ?? 0, b.precision)
        let precision = p > 0 ? p : defaultPrecision
        let aStorage = a.map(\.arbStorage)
        defer { withExtendedLifetime(aStorage) {} }
        let parts = Swift.max(1, Swift.min(ParallelRows.cores, n / 64))
        let blocks = ParallelRows.map(parts, parallel: parts > 1) { range -> [[BallStorage]] in
            range.map { part in
                let j0 = n * part / parts, j1 = n * (part + 1) / parts
                let out = (0..<(m * (j1 - j0))).map { _ in BallStorage() }
                var outPointers: [UnsafeMutableRawPointer?] = out.map(\.pointer)
                let aPointers: [UnsafeRawPointer?] = aStorage.map(\.source)
                let fixed = b.integers.withUnsafeBufferPointer { beta in
                    b.magnitudes.withUnsafeBufferPointer { magnitudes in
                        b.exponents.withUnsafeBufferPointer { exponents in
                            b.applies.withUnsafeBufferPointer { applies in
                                sb_ball_matmul_fixed_prepared(
                                    &outPointers, aPointers, m, k, j1 - j0, beta.baseAddress.map { $0 + j0 * k },
                                    magnitudes.baseAddress.map { $0 + j0 * k }, exponents.baseAddress.map { $0 + j0 },
                                    applies.baseAddress.map { $0 + j0 }, precision)
                            }
                        }
                    }
                }
                if fixed != 0 {
                    b.points.withUnsafeBufferPointer { bp in
                        sb_ball_matmul_d(&outPointers, aPointers, bp.baseAddress.map { $0 + j0 }, m, k, j1 - j0, n, precision)
                    }
                }
                return out
            }
        }
        var c = [Ball]()
        c.reserveCapacity(m * n)
        for i in 0..<m {
            for part in 0..<parts {
                let j0 = n * part / parts, j1 = n * (part + 1) / parts, w = j1 - j0
                for j in 0..<w { c.append(Ball(.arb(blocks[part][i * w + j]), precision: precision)) }
            }
        }
        return c
    }

    /// The ball as an Arb allocation (a new one for a point).
    var arbStorage: BallStorage {
        switch representation {
        case .arb(let s): return s
        case .point(let x):
            let s = BallStorage()
            _ = sb_ball_set_d(s.pointer, x)
            return s
        }
    }
}

/// Deliberate weakenings of the fixed-point product (B-FIX), for its mutation tests only.
public enum FixedProductMutation: Int32, Sendable, CaseIterable {
    /// Leave out the midpoints' conversion rounding 2^(E − L).
    case dropConversionRounding = 1
    /// Leave out the radii of a.
    case dropInputRadius = 2
}

extension Ball {
    /// The fixed-point product (B-FIX) alone, with `limbs` limbs for the midpoints and an
    /// optional mutation, or nil where it does not apply. For tests; `matmul` picks the kernel
    /// (B-FIX where it applies, with as many limbs as the precision needs, else Arb's product).
    public static func fixedProduct(
        _ a: [Ball], _ b: [Double], m: Int, k: Int, n: Int, precision: Int, limbs: Int, mutation: FixedProductMutation? = nil
    ) -> [Ball]? {
        precondition(a.count == m * k && b.count == k * n, "fixedProduct shapes")
        let aStorage = a.map(\.arbStorage)
        let out = (0..<(m * n)).map { _ in BallStorage() }
        var outPointers: [UnsafeMutableRawPointer?] = out.map(\.pointer)
        let aPointers: [UnsafeRawPointer?] = aStorage.map(\.source)
        let failed = withExtendedLifetime(aStorage) {
            sb_ball_matmul_fixed_ex(&outPointers, aPointers, b, m, k, n, n, precision, limbs, mutation?.rawValue ?? 0)
        }
        return failed != 0 ? nil : out.map { Ball(.arb($0), precision: precision) }
    }
}
