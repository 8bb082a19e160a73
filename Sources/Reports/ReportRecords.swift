import SpikingPipelines

/// The report's own copy of an observed error (schema spikebound-report/3), so that renaming a
/// field of the pipelines' `ErrorStatistics` cannot change the schema.
public struct ObservedError: Codable, Sendable, Equatable {
    /// max |snn − ann| over the kept tokens.
    public var maxAbs: Double
    public var meanAbs: Double
    public var rms: Double
    /// ‖snn − ann‖₂ / ‖ann‖₂.
    public var relative: Double
    /// How many values were compared.
    public var count: Int

    public init(maxAbs: Double, meanAbs: Double, rms: Double, relative: Double, count: Int) {
        self.maxAbs = maxAbs
        self.meanAbs = meanAbs
        self.rms = rms
        self.relative = relative
        self.count = count
    }

    public init(_ s: ErrorStatistics) {
        self.init(maxAbs: s.maxAbs, meanAbs: s.meanAbs, rms: s.rms, relative: s.relative, count: s.count)
    }
}

/// The report's own copy of a group operator's error against its function on the calibrated
/// range (STA).
public struct OperatorErrorReport: Codable, Sendable, Equatable {
    public var function: String
    public var operatorName: String
    /// [a, b].
    public var domain: [Double]
    public var maxError: Double
    /// maxError / max |f|.
    public var relativeError: Double

    public init(_ e: OperatorDomainError) {
        function = e.function
        operatorName = e.operatorName
        domain = e.domain
        maxError = e.maxError
        relativeError = e.relativeError
    }
}
