import ExactArithmetic
import Foundation

/// Something a bound computation found that a user must see, as a typed value: its kind, its
/// place (a layer where it has one, and a site or operator name), the numbers it rests on, and
/// a sentence made from them. Nothing parses the sentence back.
///
/// A finding states only what was computed. `saturation` at a neuron site of an encoder says
/// that the ANN's own values pass a top level, and carries those values (`pointRange`, from a
/// point evaluation of the input); where only the analysis's enclosure passes it while the
/// point values do not (or were not evaluated), the kind is `analysisSaturation`, worded as a
/// limit of the analysis.
public struct BoundFinding: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The values a neuron must encode pass its range, so the error keeps a part that does
        /// not vanish as T grows (for a neuron bound: over the given domain; for an encoder's
        /// site: the ANN's values at the input, from a point evaluation).
        case saturation
        /// The analysis's enclosure passes a top level, but the ANN's values at the input do not
        /// (or were not evaluated): the analysis cannot exclude a saturation. Not a model fact.
        case analysisSaturation = "analysis-saturation"
        /// Single steps may pass a top level while the running means stay inside (B-PSUM).
        case transientSaturation = "transient-saturation"
        case unrepresentable
    }

    public let kind: Kind
    /// The encoder layer, where the finding has one.
    public let layer: Int?
    /// An operator or a site name (without the layer).
    public let site: String
    /// The certified range of the values concerned, over the analysed domain.
    public let certifiedRange: ValueRange?
    /// The neuron's range [−top negative level, top positive level].
    public let levels: ValueRange?
    /// The range of the same values in a point evaluation of the input (Double), where computed.
    public let pointRange: ValueRange?
    public let message: String

    public init(_ kind: Kind, site: String, _ message: String) {
        self.init(kind, layer: nil, site: site, certified: nil, levels: nil, point: nil, message: message)
    }

    public init(
        _ kind: Kind, layer: Int?, site: String, certified: ValueRange?, levels: ValueRange?, point: ValueRange?, message: String
    ) {
        self.kind = kind
        self.layer = layer
        self.site = site
        certifiedRange = certified
        self.levels = levels
        pointRange = point
        self.message = message
    }

    /// The same finding placed in a layer.
    public func at(layer: Int) -> BoundFinding {
        BoundFinding(kind, layer: layer, site: site, certified: certifiedRange, levels: levels, point: pointRange, message: message)
    }

    /// A saturation at an encoder's neuron site, decided from the numbers: `saturation` when the
    /// point values pass the levels, else `analysisSaturation`.
    public static func siteSaturation(
        layer: Int, site: String, certified: ValueRange, levels: ValueRange, point: ValueRange?, of values: String
    ) -> BoundFinding {
        if let point, point.lo < levels.lo || point.hi > levels.hi {
            return BoundFinding(.saturation, layer: layer, site: site, certified: certified, levels: levels, point: point,
                message: "\(values) at the input reach \(point) (a Double evaluation), past the top levels \(levels); "
                    + "the error does not vanish as T grows (certified range over the domain: \(certified))")
        }
        let inside = point.map { ", while \(values) at the input stay within \($0) (a Double evaluation)" }
            ?? "; \(values) were not evaluated at the input"
        return BoundFinding(.analysisSaturation, layer: layer, site: site, certified: certified, levels: levels, point: point,
            message: "the analysis cannot exclude a saturation: its enclosure of \(values) over the domain, \(certified), "
                + "passes the top levels \(levels)\(inside). This is a limit of the analysis (its bound keeps a part that "
                + "does not vanish with T), not a fact about the model")
    }

    public var description: String {
        "\(kind.rawValue) at \(layer.map { "layer \($0) " } ?? "")\(site): \(message)"
    }
}

/// A closed range of Doubles, [lo, hi].
public struct ValueRange: Sendable, Equatable, Codable, CustomStringConvertible {
    public let lo: Double
    public let hi: Double

    public init(lo: Double, hi: Double) {
        self.lo = lo
        self.hi = hi
    }

    /// The interval's ends rounded outward.
    public init(enclosing x: Interval) {
        lo = x.lo.doubleValue(rounding: .down)
        hi = x.hi.doubleValue(rounding: .up)
    }

    public var description: String { "[\(NumberFormat.short(lo)), \(NumberFormat.short(hi))]" }
}

/// Four significant digits, for the sentences of findings.
enum NumberFormat {
    static func short(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        if x == 0 { return "0" }
        let digits = max(0, 3 - Int((log10(abs(x))).rounded(.down)))
        if abs(x) >= 1e-3 && abs(x) < 1e6 {
            var scale = 1.0
            for _ in 0..<digits { scale *= 10 }
            return "\((x * scale).rounded() / scale)"
        }
        return "\(x)"
    }
}

/// Bad parameters or domains given to a bound.
public enum BoundError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidParameter(String)
    case domain(String)
    /// A centred analysis whose radii grew past `Double`'s range: it cannot bound the domain
    /// (its bound would be +∞), which is a limit of that engine, not bad input.
    case overflow(String)

    public var description: String {
        switch self {
        case .invalidParameter(let what): return "invalid parameter: \(what)"
        case .domain(let what): return "bad domain: \(what)"
        case .overflow(let what): return "overflow: \(what)"
        }
    }
}
