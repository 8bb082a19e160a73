import Foundation

/// Cells of the plain-text tables that `run` prints.
protocol TableText {}

extension TableText {
    /// `s` left-aligned in `width` columns (and one space after it when it is wider).
    func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
    /// Four significant digits in scientific notation; inf and nan as words.
    func number(_ x: Double) -> String { x.isFinite ? String(format: "%.3e", x) : "\(x)" }
    /// Six decimals.
    func fixed(_ x: Double) -> String { x.isFinite ? String(format: "%.6f", x) : "\(x)" }
}
