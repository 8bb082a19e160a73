/// Short summaries that lead a report: the inputs counted by kind, the findings grouped by kind
/// and layer range, and the "T needed" lines. The full lists stay in report.json.
public enum ReportSummaries {
    /// "83 inputs: 18 sentences, 65 pair texts", from the inputs' names (`KIND.K`), in order of
    /// first appearance.
    public static func inputs(_ names: [String]) -> String {
        var kinds = [String](), count = [String: Int]()
        for name in names {
            let kind = name.split(separator: ".").dropLast().joined(separator: ".")
            let key = kind.isEmpty ? name : kind
            if count[key] == nil { kinds.append(key) }
            count[key, default: 0] += 1
        }
        let parts = kinds.map { "\(count[$0] ?? 0) \(noun($0, count[$0] ?? 0))" }
        let total = "\(names.count) input\(names.count == 1 ? "" : "s")"
        let onlyPlainInputs = kinds.count == 1 && noun(kinds[0], 2) == "inputs"
        return names.isEmpty || onlyPlainInputs ? total : total + ": " + parts.joined(separator: ", ")
    }

    /// The inputs' own word, by the prefix `StudyInputs` gives them (a later task's prefix ends
    /// in its task number).
    static func noun(_ kind: String, _ n: Int) -> String {
        let base = String(kind.reversed().drop { $0.isNumber }.reversed())
        let words: [String: (String, String)] = [
            "sentence": ("sentence", "sentences"), "pair": ("pair text", "pair texts"), "labelled": ("labelled text", "labelled texts"),
            "text": ("text", "texts"), "image": ("image", "images"), "classified": ("labelled image", "labelled images"),
            "input": ("input", "inputs"),
        ]
        let (one, many) = words[base] ?? ("\(kind) input", "\(kind) inputs")
        return n == 1 ? one : many
    }

    /// What each kind of finding means, in one clause, for the grouped lines.
    static let meaning: [String: String] = [
        "saturation": "the ANN's values at the input pass a neuron's top level, so that part of the error does not vanish as T grows",
        "analysis-saturation": "only the analysis's enclosure passes a top level (a limit of the analysis, not of the model)",
        "transient-saturation": "the a priori analysis cannot exclude single steps past the top level; the running means stay inside",
        "unrepresentable": "a range the analysis cannot represent",
        "operator": "a group operator is off its function on the calibrated range",
        "non-finite": "the SNN's output is not finite",
        "undecided": "a decision the analysis could not make (reported, never guessed)",
    ]

    /// One line per kind: "transient-saturation at 44 sites, layers 0–5: …", in order of first
    /// appearance.
    public static func findings(_ findings: [Finding]) -> [String] {
        var kinds = [String]()
        var groups = [String: [Finding]]()
        for f in findings {
            if groups[f.kind] == nil { kinds.append(f.kind) }
            groups[f.kind, default: []].append(f)
        }
        return kinds.map { kind in
            let group = groups[kind] ?? []
            let layers = group.compactMap(\.layer)
            var place = "\(group.count) place\(group.count == 1 ? "" : "s")"
            if group.allSatisfy({ $0.site != nil }) { place = "\(group.count) site\(group.count == 1 ? "" : "s")" }
            if let lo = layers.min(), let hi = layers.max() { place += lo == hi ? ", layer \(lo)" : ", layers \(lo)–\(hi)" }
            let what = meaning[kind] ?? (group.first?.message ?? "")
            return "\(kind) at \(place): \(what)"
        }
    }
}
