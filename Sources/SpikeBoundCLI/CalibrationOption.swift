import ArgumentParser

/// `--calibration FILE`, shared by `run` and `report` (and so by every shard): a calibration
/// file written by `spikebound calibrate`, run from instead of calibrating.
struct CalibrationOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Run from this calibration file (written by `spikebound calibrate` for the same model, inputs and settings) instead of calibrating: the same study, byte for byte. A file made for another model or inputs, other options or another version is refused.",
        valueName: "FILE"))
    var calibration: String?
}
