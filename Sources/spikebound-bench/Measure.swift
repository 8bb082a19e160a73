/// Runs `body` repeatedly for at least `seconds`, and returns (runs, elapsed seconds).
/// `body` returns a value that is folded into `sink`, so the work cannot be optimised away.
func measure(seconds: Double = 1.0, sink: inout Int, _ body: () -> Int) -> (runs: Int, seconds: Double) {
    let clock = ContinuousClock()
    var runs = 0
    let start = clock.now
    var elapsed = 0.0
    repeat {
        sink &+= body()
        runs += 1
        let d = clock.now - start
        elapsed = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    } while elapsed < seconds
    return (runs, elapsed)
}

func formatRate(_ perSecond: Double) -> String {
    if perSecond >= 1e9 { return String(format3(perSecond / 1e9)) + " G/s" }
    if perSecond >= 1e6 { return String(format3(perSecond / 1e6)) + " M/s" }
    if perSecond >= 1e3 { return String(format3(perSecond / 1e3)) + " k/s" }
    return format3(perSecond) + " /s"
}

/// Three significant digits without Foundation's formatter.
func format3(_ x: Double) -> String {
    let digits = x >= 100 ? 0 : (x >= 10 ? 1 : 2)
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (x * scale).rounded() / scale
    return "\(rounded)"
}
