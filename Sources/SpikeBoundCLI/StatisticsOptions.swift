import ArgumentParser
import Statistics

extension Level: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(parsing: argument) }
    public var defaultValueDescription: String { description }
}

/// The population statement's coverage and the confidence of every bound and interval of a
/// report (POP-OS, CI-CP, MCN, BOOT).
struct StatisticsOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The coverage q of the population bounds: the fraction of inputs from the same population that each layer's bound covers (0.95, 19/20 or 95%).",
        valueName: "Q"), transform: StatisticsOptions.level)
    var coverage: Level = .ninetyFivePercent

    @Option(help: ArgumentHelp(
        "The confidence 1 − δ of the population bounds and of the task intervals (0.95, 19/20 or 95%). Too few certified inputs for (q, δ) give no bound and the number needed.",
        valueName: "C"), transform: StatisticsOptions.level)
    var confidence: Level = .ninetyFivePercent

    /// A level or a one-line error (the parser names the option and the value).
    static func level(_ text: String) throws -> Level {
        do { return try Level(parsing: text) } catch let e as StatisticsError { throw ValidationError(e.description) }
    }
}
