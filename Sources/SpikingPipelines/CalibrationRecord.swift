/// What calibrating a pipeline fixed (its thresholds, STA's group operators and their measured
/// errors), without the settings it was made with: the payload of a calibration file
/// (`spikebound calibrate`). The settings come from the options of the command that reads it,
/// which the file's header must match.
///
/// Every threshold and weight is an exact rational and every Double is written in its
/// shortest round-tripping form, so a record written and read back rebuilds the same
/// `PipelineCalibration`, and a study run from it equals the study that calibrated in-process.
public struct CalibrationRecord: Sendable, Codable {
    public let layers: [LayerCalibration]
    public let operators: STAOperators?
    public let samples: Int
    public let operatorErrors: [OperatorDomainError]
    public let replacedOperators: [OperatorDomainError]
}

extension PipelineCalibration {
    /// The calibration without its configuration.
    public var record: CalibrationRecord {
        CalibrationRecord(
            layers: layers, operators: operators, samples: samples, operatorErrors: operatorErrors, replacedOperators: replacedOperators)
    }

    /// A calibration read back: `record` under `configuration` (the settings it was made with).
    public init(configuration: PipelineConfiguration, record: CalibrationRecord) {
        self.init(
            configuration: configuration, layers: record.layers, operators: record.operators, samples: record.samples,
            operatorErrors: record.operatorErrors, replacedOperators: record.replacedOperators)
    }
}
