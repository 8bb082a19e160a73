import Foundation

/// How reports print numbers: bounds rounded up, so that the printed digits still bound.
public enum NumberText {
    /// `format(x)`, or the first of format(x·(1 + 10⁻⁴)^k) whose value is not below x: the
    /// printed text of a bound never shows less than the bound.
    public static func up(_ x: Double, _ format: (Double) -> String) -> String {
        var text = format(x)
        guard x.isFinite, x > 0 else { return text }
        var y = x
        while let printed = Double(text), printed < x {
            y *= 1 + 1e-4
            text = format(y)
        }
        return text
    }

    /// `format(x)`, or the first of format(x·(1 − 10⁻⁴)^k) whose value is not above x: the
    /// printed text of a lower bound never shows more than the bound.
    public static func down(_ x: Double, _ format: (Double) -> String) -> String {
        var text = format(x)
        guard x.isFinite, x > 0 else { return text }
        var y = x
        while let printed = Double(text), printed > x {
            y *= 1 - 1e-4
            text = format(y)
        }
        return text
    }

    /// Four significant digits: plain between 10⁻³ and 10⁵, else scientific; words for inf and nan.
    public static func short(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        if x == 0 { return "0" }
        if abs(x) >= 1e-3 && abs(x) < 1e5 {
            let text = String(format: "%.4g", x)
            return text.contains("e") ? String(format: "%.3e", x) : text
        }
        return String(format: "%.3e", x)
    }

    /// Six decimals, for cosines and rates.
    public static func fixed(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        return String(format: "%.6f", x)
    }
}

func short(_ x: Double) -> String { NumberText.short(x) }
/// A bound in four significant digits, rounded up.
func shortUp(_ x: Double) -> String { NumberText.up(x, NumberText.short) }
func fixed(_ x: Double) -> String { NumberText.fixed(x) }
