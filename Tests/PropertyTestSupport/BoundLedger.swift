import ExactArithmetic
import Foundation

/// The soundness checks of one bounded property: for each bound id (B-IF, B-EC, …) how many
/// observed errors were checked against it and the worst observed/bound ratio seen, with where.
/// `check` throws `BoundViolation` when an observed error exceeds its bound, which is what
/// `forAllBounds` shrinks and reports.
public struct BoundLedger: Sendable {
    public struct Entry: Sendable, Codable {
        public var checks = 0
        public var worstRatio = 0.0
        public var worstAt = ""
    }

    public private(set) var entries: [String: Entry] = [:]

    public init() {}

    /// Checks observed ≤ bound for bound `id` (exactly, in rationals); `context` says where
    /// (evaluated only for a new worst ratio or a violation).
    public mutating func check(_ id: String, observed: Rational, bound: Rational, _ context: @autoclosure () -> String) throws {
        try note(id, violated: observed > bound, observed: observed.doubleValue(), bound: bound.doubleValue(), context)
    }

    /// The same for Double values (both already rigorous: an enclosure's bound and a certified lower end).
    public mutating func check(_ id: String, observed: Double, bound: Double, _ context: @autoclosure () -> String) throws {
        try note(id, violated: !(observed <= bound), observed: observed, bound: bound, context)
    }

    /// Records a ratio without judging it (the caller judges, with its own tolerance).
    public mutating func record(_ id: String, observed: Double, bound: Double, _ context: @autoclosure () -> String) {
        let ratio = bound > 0 ? observed / bound : (observed > 0 ? .infinity : 0)
        add(id, checks: 1, ratio: ratio, at: context)
    }

    /// Adds another ledger's checks.
    public mutating func absorb(_ other: BoundLedger) {
        for (id, o) in other.entries { add(id, checks: o.checks, ratio: o.worstRatio) { o.worstAt } }
    }

    /// Counts `checks` more for `id`, and keeps `ratio` (with where) when it is the worst yet.
    mutating func add(_ id: String, checks: Int, ratio: Double, at context: () -> String) {
        var e = entries[id] ?? Entry()
        e.checks += checks
        if ratio > e.worstRatio {
            e.worstRatio = ratio
            e.worstAt = context()
        }
        entries[id] = e
    }

    mutating func note(_ id: String, violated: Bool, observed: Double, bound: Double, _ context: () -> String) throws {
        record(id, observed: observed, bound: bound, context())
        if violated { throw BoundViolation(bound: id, observed: observed, limit: bound, context: context()) }
    }
}

/// A ledger shared by reference, for helpers that collect violations as strings and record
/// ratios on the way (the a priori tests' `violations`).
public final class LedgerBox {
    public var ledger = BoundLedger()
    /// The theorem ids the helper records under: (layer bound, site bound).
    public let layerID: String
    public let siteID: String

    public init(layer: String, site: String) {
        layerID = layer
        siteID = site
    }

    /// Records a layer's observed error against its bound.
    public func recordLayer(observed: Double, bound: Double, _ context: @autoclosure () -> String) {
        ledger.record(layerID, observed: observed, bound: bound, context())
    }

    /// Records a site's |V|/T against its bound.
    public func recordSite(observed: Double, bound: Double, _ context: @autoclosure () -> String) {
        ledger.record(siteID, observed: observed, bound: bound, context())
    }
}

/// An observed error above its bound.
public struct BoundViolation: Error, CustomStringConvertible {
    public let bound: String
    public let observed: Double
    public let limit: Double
    public let context: String

    public init(bound: String, observed: Double, limit: Double, context: String) {
        self.bound = bound
        self.observed = observed
        self.limit = limit
        self.context = context
    }

    public var description: String { "\(bound) violated: observed \(observed) > bound \(limit) (\(context))" }
}
