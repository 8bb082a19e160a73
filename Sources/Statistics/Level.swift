import ExactArithmetic
import Foundation

/// A probability strictly between 0 and 1, kept exactly (a coverage q or a confidence 1 − δ):
/// `0.95` is 95/100, not the nearest double.
public struct Level: Sendable, Hashable, CustomStringConvertible {
    public let value: Rational

    /// Throws unless 0 < value < 1.
    public init(_ value: Rational) throws {
        guard value.sign > 0, value < .one else {
            throw StatisticsError("a level must lie strictly between 0 and 1, got \(Self.shortest(value))")
        }
        self.value = value
    }

    /// Parses a decimal (`0.95`), a fraction (`19/20`) or a percentage (`95%`).
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        do {
            if trimmed.hasSuffix("%") {
                try self.init(try Rational(parsing: String(trimmed.dropLast())) / Rational(100))
            } else {
                try self.init(try Rational(parsing: trimmed))
            }
        } catch let error as StatisticsError {
            throw error
        } catch {
            throw StatisticsError("'\(text)' is not a number between 0 and 1 (for example 0.95, 19/20 or 95%)")
        }
    }

    /// 1 − value (δ for a confidence, the tail mass for a coverage).
    public var complement: Rational { .one - value }

    public var doubleValue: Double { value.doubleValue() }

    /// The shortest decimal that prints the level exactly when it has one (`0.95`), else six
    /// significant digits.
    public var description: String { Self.shortest(value) }

    static func shortest(_ value: Rational) -> String {
        for digits in 1...12 {
            let text = value.decimalString(significantDigits: digits, .toNearestEven)
            if let back = try? Rational(parsing: text), back == value { return text }
        }
        return value.decimalString(significantDigits: 6, .toNearestEven)
    }

    /// 0.95 = 19/20, the default coverage and confidence.
    public static let ninetyFivePercent: Level = {
        do { return try Level(Rational(numerator: 19, denominator: 20)) } catch { preconditionFailure("19/20 lies in (0, 1)") }
    }()
}
