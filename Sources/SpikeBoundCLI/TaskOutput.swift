import Reports
import SpikingPipelines

/// The task metric as `run --format json` prints it: the report's record (`TaskReport`), so that
/// run and report carry one shape: "task": {"metric": "spearman", "ann", "snn": [{"T", "value",
/// "drop"}], "pearson": {…}} for a similarity task, "metric": "accuracy" and the "method" for a
/// classification task.
typealias TaskOutput = TaskReport

extension TaskReport {
    /// The text table: T, the metric and its drop, and Pearson's r for a similarity task.
    func text() -> String {
        func f(_ x: Double) -> String { x.isNaN ? "nan" : String(format: "%.4f", x) }
        var out: String
        if let pairs {
            out = "Task \(task) (\(pairs) pairs): correlation of cos(a, b) with the gold score\n"
        } else {
            out = "Task \(task) (\(examples ?? 0) examples): accuracy, by \(method ?? "?")\n"
        }
        out += "  T      " + metricName.padding(toLength: 10, withPad: " ", startingAt: 0) + "drop" + (pearson == nil ? "" : "      Pearson   drop") + "\n"
        out += "  ANN    \(f(ann))" + (pearson.map { "                \(f($0.ann))" } ?? "") + "\n"
        for (k, s) in snn.enumerated() {
            out += "  " + "\(s.T)".padding(toLength: 7, withPad: " ", startingAt: 0) + "\(f(s.value))    \(f(s.drop))"
            if let p = pearson?.snn[k] { out += "    \(f(p.value))    \(f(p.drop))" }
            out += "\n"
        }
        return out
    }
}
