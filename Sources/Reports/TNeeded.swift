import Foundation

/// "Which T do I need?": for one target (a task's drop, or a layer's population bound, at
/// most a limit) the smallest T of the grid from which the statement holds at every larger T
/// of the grid, at the report's confidence. Where no T of the grid reaches it, `T` is nil and
/// `estimate` may give the fitted trend's extrapolation, worded as an estimate.
public struct TNeeded: Codable, Sendable, Equatable {
    /// "task-drop" (the upper end of the drop's interval) or "population" (a layer's population
    /// bound on max-abs or relative error).
    public var kind: String
    /// Where the target came from: "tolerances" or "default".
    public var source: String
    /// The target in words ("simlex-quick.tsv: Spearman drop ≤ 0.01").
    public var target: String
    public var limit: Double
    public var T: Int?
    /// The line the report prints.
    public var sentence: String
    /// Not certified: the fitted trend's extrapolation or the point estimates' answer.
    public var estimate: String?
}

/// The targets a report answers when its tolerances set none for a pipeline.
public enum DefaultTargets {
    /// Each task's drop (the upper end of its interval).
    public static let taskDrop = 0.01
    /// The last layer's population bound on the relative error.
    public static let lastLayerRelative = 0.1
}

enum TNeededAnswers {
    /// How far past the grid's largest T a trend is extrapolated at most.
    static let maximumExtrapolation = 100.0

    /// The answers for one pipeline under the tolerances' targets, or the defaults where the
    /// tolerances set none for it.
    static func answers(_ p: PipelineReport, tolerances: Tolerances?) -> [TNeeded] {
        var out = [TNeeded]()
        for limit in tolerances?.tasks ?? [] {
            guard let upper = limit.maxDropUpper else { continue }
            for task in p.tasks where limit.matches(pipeline: p.pipeline, task: task.task, T: nil) {
                out.append(taskAnswer(task, limit: upper, source: "tolerances", only: limit.T))
            }
        }
        for limit in tolerances?.limits ?? [] where limit.site == nil && (limit.pipeline == nil || limit.pipeline == p.pipeline) {
            for (value, relative) in [(limit.population, false), (limit.populationRelative, true)] {
                guard let value else { continue }
                for layer in p.layers where limit.layer == nil || limit.layer == layer.layer {
                    out.append(populationAnswer(layer, relative: relative, limit: value, source: "tolerances", only: limit.T))
                }
            }
        }
        guard out.isEmpty else { return out }
        for task in p.tasks { out.append(taskAnswer(task, limit: DefaultTargets.taskDrop, source: "default", only: nil)) }
        if let last = p.layers.last {
            out.append(populationAnswer(last, relative: true, limit: DefaultTargets.lastLayerRelative, source: "default", only: nil))
        }
        return out
    }

    /// The smallest T of `values` (in grid order) from which every later value holds.
    static func from(_ values: [(T: Int, holds: Bool)]) -> Int? {
        var answer: Int?
        for v in values.reversed() {
            guard v.holds else { break }
            answer = v.T
        }
        return answer
    }

    static func taskAnswer(_ task: TaskReport, limit: Double, source: String, only: [Int]?) -> TNeeded {
        let steps = task.snn.filter { only?.contains($0.T) ?? true }
        let target = "\(task.task): \(task.metricName) drop ≤ \(short(limit))"
        guard let intervals = task.intervals else {
            return TNeeded(kind: "task-drop", source: source, target: target, limit: limit, T: nil,
                sentence: "\(target): no interval on the drop was computed, so no T is certified", estimate: nil)
        }
        let uppers = steps.map { s in (T: s.T, upper: intervals.steps.first { $0.T == s.T }?.drop.upper) }
        let T = from(uppers.map { (T: $0.T, holds: ($0.upper ?? .infinity) <= limit) })
        let confidence = PopulationSummary.percent(intervals.confidence)
        let pointT = from(steps.map { (T: $0.T, holds: $0.drop <= limit) })
        if let T {
            return TNeeded(kind: "task-drop", source: source, target: target, limit: limit, T: T,
                sentence: "\(target) at \(confidence) confidence (\(intervals.method)): T = \(T) (it holds at every T ≥ \(T) of the grid)", estimate: nil)
        }
        let last = uppers.last.flatMap { $0.upper.map { "the upper end is \(short($0)) at T = \(uppers.last?.T ?? 0)" } } ?? "no interval"
        let estimate = pointT.map { "the point estimate of the drop is ≤ \(short(limit)) from T = \($0), but not at \(confidence) confidence" }
        return TNeeded(kind: "task-drop", source: source, target: target, limit: limit, T: nil,
            sentence: "\(target) at \(confidence) confidence: not reached at any T of the grid (\(last))", estimate: estimate)
    }

    static func populationAnswer(_ layer: LayerReport, relative: Bool, limit: Double, source: String, only: [Int]?) -> TNeeded {
        let measure = relative ? "relative" : "max-abs"
        let target = "layer \(layer.layer) population bound (\(measure)) ≤ \(short(limit))"
        let steps = layer.steps.filter { only?.contains($0.T) ?? true }
        let bounds = steps.map { s in (T: s.T, bound: s.population.map { relative ? $0.relative : $0.maxAbs }) }
        guard bounds.contains(where: { $0.bound != nil }) else {
            return TNeeded(kind: "population", source: source, target: target, limit: limit, T: nil,
                sentence: "\(target): no population bound (too few certified inputs), so no T is certified", estimate: nil)
        }
        if let T = from(bounds.map { (T: $0.T, holds: ($0.bound ?? .infinity) <= limit) }) {
            return TNeeded(kind: "population", source: source, target: target, limit: limit, T: T,
                sentence: "\(target): T = \(T) (it holds at every T ≥ \(T) of the grid)", estimate: nil)
        }
        var estimate: String?
        let points = bounds.compactMap { b in b.bound.map { (Double(b.T), $0) } }
        if let slope = ReportBuilder.slope(points), let last = points.last, last.1 > limit {
            let T = slope < 0 ? last.0 * pow(limit / last.1, 1 / slope) : .infinity
            let trend = "the fitted trend (slope \(short(slope)) of log bound against log T)"
            if T.isFinite, T <= maximumExtrapolation * last.0 {
                estimate = "\(trend) would reach it near T ≈ \(Int(T.rounded(.up))): an extrapolation, not certified"
            } else {
                estimate = "\(trend) would not reach it below \(Int(maximumExtrapolation)) times the grid's largest T: an extrapolation, not certified"
            }
        }
        let last = bounds.last.map { "\(short($0.bound ?? .infinity)) at T = \($0.T)" } ?? ""
        return TNeeded(kind: "population", source: source, target: target, limit: limit, T: nil,
            sentence: "\(target): not reached at any T of the grid (\(last))", estimate: estimate)
    }
}
