/// Every setting of a pipeline, by name, as text: what a calibration file records about the
/// settings it was made with, and what a command that reads the file must match. Unlike a
/// report's settings (the ones a reader needs), it names every field, so that two
/// configurations with the same identity are equal (`==`).
extension PipelineConfiguration {
    public var identity: [String: String] {
        [
            "kind": kind.rawValue, "levels": "\(levels)", "gap": "\(gap)", "rule": rule.rawValue, "placement": placement.rawValue,
            "percentile": percentile.rawValue, "softmaxLambda": "\(softmaxLambda)",
            "vitFC2Lambdas": "\(vitFC2Lambdas.positive),\(vitFC2Lambdas.negative)", "burstLimit": "\(burstLimit)",
            "calibrationSteps": "\(calibrationSteps)", "groupOperators": groupOperators.rawValue,
            "interpolantIntervals": "\(interpolantIntervals)", "geluIntervals": "\(geluIntervals)", "softmaxShift": softmaxShift.rawValue,
            "staStructure": staStructure.rawValue, "burstRule": burstRule.rawValue, "releasedTolerance": "\(releasedTolerance)",
        ]
    }
}
