import Foundation
import Reports

/// Cells of the plain-text tables that `run` prints.
protocol TableText {}

extension TableText {
    /// `s` left-aligned in `width` columns (and one space after it when it is wider).
    func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
    /// Four significant digits in scientific notation; inf and nan as words.
    func number(_ x: Double) -> String { x.isFinite ? String(format: "%.3e", x) : "\(x)" }
    /// `number`, but never below x: for bounds, whose printed digits must still bound.
    func upperNumber(_ x: Double) -> String { NumberText.up(x, number) }
    /// `number`, but never above x: for lower bounds.
    func lowerNumber(_ x: Double) -> String { NumberText.down(x, number) }
    /// Six decimals.
    func fixed(_ x: Double) -> String { x.isFinite ? String(format: "%.6f", x) : "\(x)" }
}
