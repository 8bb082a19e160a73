/// The status of one layer or site at one T, worst first.
public enum Status: String, Codable, Sendable, CaseIterable, Comparable {
    /// An observed error above a certified bound: the bound, its proof or the code is wrong.
    case unsound
    /// An observed error above its configured tolerance.
    case overTolerance = "over-tolerance"
    /// A certified bound above its configured tolerance (the bound holds but says too little).
    case loose
    /// Every certified bound holds the observed error, within every tolerance.
    case sound
    /// No certified bound ran here (the observed error is within every tolerance).
    case unchecked

    /// Worse statuses sort first.
    public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// A report's or a pipeline's verdict.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    /// Some observed error is above its certified bound.
    case unsound = "UNSOUND"
    /// Every bound holds, but a bound or an observed error is above its configured tolerance.
    case loose = "LOOSE"
    /// Every certified bound holds, within every tolerance.
    case sound = "SOUND"
    /// Nothing was certified (no a priori or certified bound ran), and nothing is over a tolerance.
    case unchecked = "UNCHECKED"

    /// The verdict of a set of statuses.
    public init(_ statuses: [Status]) {
        switch statuses.min() {
        case .unsound: self = .unsound
        case .overTolerance, .loose: self = .loose
        case .sound: self = .sound
        case .unchecked, nil: self = .unchecked
        }
    }

    /// The worst of several verdicts (SOUND beats UNCHECKED: something was checked).
    public static func combining(_ verdicts: [Verdict]) -> Verdict {
        for v in [Verdict.unsound, .loose, .sound] where verdicts.contains(v) { return v }
        return .unchecked
    }

    /// What the verdict means, for the one-line summaries.
    public var meaning: String {
        switch self {
        case .unsound: return "an observed error is above its certified bound"
        case .loose: return "every bound holds, but a bound or an error is above its configured tolerance"
        case .sound: return "every certified bound holds its observed error"
        case .unchecked: return "no certified bound ran (add --a-priori or --certify)"
        }
    }
}
