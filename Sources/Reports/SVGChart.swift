import Foundation

/// A small line chart on log-log axes (or a log x axis and a linear y axis), as inline SVG.
/// Points that a log axis cannot show (zero, negative, not finite) are left out and counted
/// in the chart's title.
struct SVGChart {
    struct Series {
        let name: String
        let cssClass: String
        let points: [(x: Double, y: Double)]
        /// Error bars: at x, from lower to upper (a confidence interval), drawn where drawable.
        var bars: [(x: Double, lower: Double, upper: Double)] = []
    }

    var title: String
    var series: [Series]
    var logY = true
    var width = 340.0, height = 210.0
    let left = 52.0, right = 10.0, top = 36.0, bottom = 34.0

    func render() -> String {
        let shown = series.map { s in
            Series(name: s.name, cssClass: s.cssClass, points: s.points.filter(drawable), bars: s.bars.filter {
                drawable(($0.x, $0.lower)) && drawable(($0.x, $0.upper))
            })
        }
        let xs = shown.flatMap { $0.points.map(\.x) }
        let ys = shown.flatMap { $0.points.map(\.y) + $0.bars.flatMap { [$0.lower, $0.upper] } }
        let hidden = series.map(\.points.count).reduce(0, +) - xs.count
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(escapeHTML(title))\">"
        out += "<text class=\"chart-title\" x=\"\(n(left))\" y=\"14\">\(escapeHTML(title))"
        out += hidden > 0 ? " (\(hidden) point\(hidden == 1 ? "" : "s") not drawable)" : ""
        out += "</text>"
        guard let x0 = xs.min(), let x1 = xs.max(), let yMin = ys.min(), let yMax = ys.max() else {
            return out + "<text class=\"empty\" x=\"\(n(width / 2))\" y=\"\(n(height / 2))\" text-anchor=\"middle\">no data</text></svg>"
        }
        let lx0 = log10(x0), lx1 = max(log10(x1), log10(x0) + 1e-9)
        let (y0, y1) = logY ? (floor(log10(yMin)), max(ceil(log10(yMax)), floor(log10(yMin)) + 1)) : paddedRange(yMin, yMax)
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + (log10(x) - lx0) / (lx1 - lx0) * plotW }
        func py(_ y: Double) -> Double { top + plotH - ((logY ? log10(y) : y) - y0) / (y1 - y0) * plotH }
        out += "<rect class=\"plot\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotW))\" height=\"\(n(plotH))\"/>"
        // y ticks: powers of ten (log) or five even steps.
        let yTicks: [Double] = logY
            ? stride(from: y0, through: y1, by: max(1, ((y1 - y0) / 5).rounded(.up))).map { pow(10, $0) }
            : (0...4).map { y0 + (y1 - y0) * Double($0) / 4 }
        for t in yTicks {
            let y = py(t)
            out += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(left + plotW))\" y1=\"\(n(y))\" y2=\"\(n(y))\"/>"
            out += "<text class=\"tick\" x=\"\(n(left - 4))\" y=\"\(n(y + 3))\" text-anchor=\"end\">\(logY ? power(t) : tick(t))</text>"
        }
        for t in Array(Set(xs)).sorted() {
            let x = px(t)
            out += "<line class=\"grid\" x1=\"\(n(x))\" x2=\"\(n(x))\" y1=\"\(n(top))\" y2=\"\(n(top + plotH))\"/>"
            out += "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(top + plotH + 13))\" text-anchor=\"middle\">\(Int(t))</text>"
        }
        out += "<text class=\"axis\" x=\"\(n(left + plotW / 2))\" y=\"\(n(height - 4))\" text-anchor=\"middle\">T</text>"
        for s in shown {
            for b in s.bars {
                let x = px(b.x), lo = py(b.lower), hi = py(b.upper)
                out += "<g class=\"errbar \(s.cssClass)\"><title>\(escapeHTML(s.name)) at T = \(Int(b.x)): interval [\(short(b.lower)), \(short(b.upper))]</title>"
                out += "<line x1=\"\(n(x))\" x2=\"\(n(x))\" y1=\"\(n(lo))\" y2=\"\(n(hi))\"/>"
                out += "<line x1=\"\(n(x - 3))\" x2=\"\(n(x + 3))\" y1=\"\(n(lo))\" y2=\"\(n(lo))\"/>"
                out += "<line x1=\"\(n(x - 3))\" x2=\"\(n(x + 3))\" y1=\"\(n(hi))\" y2=\"\(n(hi))\"/></g>"
            }
        }
        for s in shown where !s.points.isEmpty {
            let points = s.points.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " ")
            out += "<polyline class=\"series \(s.cssClass)\" points=\"\(points)\"><title>\(escapeHTML(s.name))</title></polyline>"
            for p in s.points {
                out += "<circle class=\"dot \(s.cssClass)\" cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"2.5\">"
                out += "<title>\(escapeHTML(s.name)) at T = \(Int(p.x)): \(short(p.y))</title></circle>"
            }
        }
        // Legend.
        var lx = left
        for s in shown {
            out += "<line class=\"series \(s.cssClass)\" x1=\"\(n(lx))\" x2=\"\(n(lx + 14))\" y1=\"25\" y2=\"25\"/>"
            out += "<text class=\"legend\" x=\"\(n(lx + 18))\" y=\"28\">\(escapeHTML(s.name))</text>"
            lx += 26 + Double(s.name.count) * 5
        }
        return out + "</svg>"
    }

    func drawable(_ p: (x: Double, y: Double)) -> Bool {
        p.x > 0 && p.x.isFinite && p.y.isFinite && (!logY || p.y > 0)
    }

    func paddedRange(_ a: Double, _ b: Double) -> (Double, Double) {
        let span = max(b - a, 1e-3)
        return (a - span * 0.1, b + span * 0.1)
    }

    func n(_ x: Double) -> String { String(format: "%.1f", x) }
    func power(_ x: Double) -> String { "1e\(Int(log10(x).rounded()))" }
    func tick(_ x: Double) -> String { String(format: "%.3g", x) }
}

/// Text made safe for HTML element content and attribute values.
func escapeHTML(_ s: String) -> String {
    var out = ""
    for c in s {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}
