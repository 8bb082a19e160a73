import SpikingPipelines

/// The task metric as `run --format json` prints it: Spearman's ρ of the ANN and of the SNN at
/// every T (with the drop, ANN − SNN), and Pearson's r the same way.
struct TaskOutput: Encodable {
    struct Point: Encodable {
        let T: Int
        let value: Double
        /// ANN − SNN: what the conversion lost at this T.
        let drop: Double
    }

    struct Curve: Encodable {
        let ann: Double
        let snn: [Point]

        init(_ c: TaskResult.Curve) {
            ann = c.ann
            snn = c.snn.map { Point(T: $0.T, value: $0.value, drop: c.ann - $0.value) }
        }
    }

    let metric = "spearman"
    let task: String
    let pairs: Int
    let ann: Double
    let snn: [Point]
    let pearson: Curve

    init(_ r: TaskResult) {
        task = r.task
        pairs = r.pairs
        let spearman = Curve(r.spearman)
        ann = spearman.ann
        snn = spearman.snn
        pearson = Curve(r.pearson)
    }

    /// The text table: T, Spearman, its drop, Pearson, its drop.
    func text() -> String {
        func f(_ x: Double) -> String { x.isNaN ? "nan" : String(format: "%.4f", x) }
        var out = "Task \(task) (\(pairs) pairs): correlation of cos(a, b) with the gold score\n"
        out += "  T      Spearman  drop      Pearson   drop\n"
        out += "  ANN    \(f(ann))                \(f(pearson.ann))\n"
        for (s, p) in zip(snn, pearson.snn) {
            out += "  " + "\(s.T)".padding(toLength: 7, withPad: " ", startingAt: 0)
            out += "\(f(s.value))    \(f(s.drop))    \(f(p.value))    \(f(p.drop))\n"
        }
        return out
    }
}
