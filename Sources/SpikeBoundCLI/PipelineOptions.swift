import ArgumentParser
import SpikingOperators
import SpikingPipelines

/// The pipelines' settings, shared by `run` and `report` and parsed once into a
/// `PipelineConfiguration` per pipeline.
struct PipelineOptions: ParsableArguments {
    @Option(help: "ECMT: levels per side of the multi-threshold neurons.")
    var levels = 8

    @Option(help: "ECMT: the firing rule, ecmt (the public code) or nearest.")
    var rule: MultiThresholdNeuron<Double>.Rule = .ecmt

    @Option(help: "ECMT: the calibrated percentile is the smallest-level (the public code) or the top-level.")
    var placement: ECMTCalibration.Placement = .smallestLevel

    @Option(help: ArgumentHelp(
        "ECMT: how the calibration's percentiles are taken: kthvalue (the public code: the ⌊0.99·n⌋-th and ⌊0.01·n⌋-th smallest values and a float32 running mean over inputs, spec §5) or interpolated (between order statistics, numpy-style, averaged in float64).",
        valueName: "kthvalue|interpolated"))
    var percentile: ECMTCalibration.Percentile = .kthValue

    @Option(help: "STA: the burst limit β of the signed burst neurons.")
    var burstLimit = 2

    @Option(name: .customLong("calibration-T"), help: ArgumentHelp(
        "STA: the T the MMSE thresholds are calibrated for (default: 32 for the spikebound structure; the run's largest T for the public one, as the released code calibrates at the T it runs).",
        valueName: "T"))
    var calibrationSteps: Int?

    @Option(help: ArgumentHelp(
        "STA: the pipeline's structure: spikebound (neurons at spec §6's sites, LayerNorm and softmax in ANN mode with temporal correction; what the bounds cover) or public (the released STA code's: encoders at the LayerNorm and attention outputs, SpikeLN, burst hidden units, thresholds calibrated on the converted model in ANN mode). docs/sta-structures.md tabulates both.",
        valueName: "spikebound|public"))
    var staStructure: STAStructure = .spikebound

    @Option(help: ArgumentHelp(
        "STA, public structure with --group-operators released: a released operator whose largest error on the domain calibration saw its input take exceeds this fraction of max|f| there is replaced by the interpolant (the run says which).",
        valueName: "fraction"))
    var releasedTolerance = 0.05

    @Option(help: ArgumentHelp(
        "STA: how a signed burst neuron counts bursts: exact (⌊|r|/(θ/2)⌋, spec §1.3) or public-guard (⌊|r|/(θ/2 + 10⁻⁵)⌋, the released code's floating-point guard).",
        valueName: "exact|public-guard"))
    var burstRule: BurstRule = .exact

    @Option(help: "STA: group operators as interpolants on the calibrated domains (GO-1), or STA's released weights.")
    var groupOperators: GroupOperatorSource = .interpolant

    @Option(help: "STA: the softmax subtracts the first key's logit and clamps at 3 (first-key, STA), or subtracts the row maximum (row-max, a what-if).")
    var softmaxShift: STASoftmaxShift = .firstKey

    func validate() throws {
        guard (1...64).contains(levels) else { throw ValidationError("--levels must be in 1…64, got \(levels)") }
        guard burstLimit >= 0 else { throw ValidationError("--burst-limit must be ≥ 0, got \(burstLimit)") }
        guard releasedTolerance.isFinite, releasedTolerance > 0 else {
            throw ValidationError("--released-tolerance must be a number > 0, got \(releasedTolerance)")
        }
        if let calibrationSteps, calibrationSteps < 1 { throw ValidationError("--calibration-T must be ≥ 1, got \(calibrationSteps)") }
    }

    /// The settings of a pipeline run at the T's `steps` (whose largest is the public STA
    /// structure's default calibration T).
    func configuration(_ kind: PipelineKind, steps: [Int]) -> PipelineConfiguration {
        var c = PipelineConfiguration(kind: kind)
        c.levels = levels
        c.rule = rule
        c.placement = placement
        c.percentile = percentile
        c.burstLimit = burstLimit
        c.calibrationSteps = calibrationSteps ?? (staStructure == .public ? steps.max() ?? 32 : 32)
        c.staStructure = staStructure
        c.burstRule = burstRule
        c.releasedTolerance = releasedTolerance
        c.groupOperators = groupOperators
        c.softmaxShift = softmaxShift
        return c
    }

    /// The options that differ from their defaults, for replay commands.
    var replayArguments: String {
        var c = ""
        if levels != 8 { c += " --levels \(levels)" }
        if rule != .ecmt { c += " --rule \(rule.rawValue)" }
        if placement != .smallestLevel { c += " --placement \(placement.rawValue)" }
        if percentile != .kthValue { c += " --percentile \(percentile.rawValue)" }
        if burstLimit != 2 { c += " --burst-limit \(burstLimit)" }
        if let calibrationSteps { c += " --calibration-T \(calibrationSteps)" }
        if staStructure != .spikebound { c += " --sta-structure \(staStructure.rawValue)" }
        if releasedTolerance != 0.05 { c += " --released-tolerance \(releasedTolerance)" }
        if burstRule != .exact { c += " --burst-rule \(burstRule.rawValue)" }
        if groupOperators != .interpolant { c += " --group-operators \(groupOperators.rawValue)" }
        if softmaxShift != .firstKey { c += " --softmax-shift \(softmaxShift.rawValue)" }
        return c
    }
}

extension PipelineKind: ExpressibleByArgument {}
extension GroupOperatorSource: ExpressibleByArgument {}
extension STASoftmaxShift: ExpressibleByArgument {}
extension STAStructure: ExpressibleByArgument {}
extension BurstRule: ExpressibleByArgument {}
extension ECMTCalibration.Placement: ExpressibleByArgument {}
extension ECMTCalibration.Percentile: ExpressibleByArgument {}
extension MultiThresholdNeuron.Rule: ExpressibleByArgument {}
