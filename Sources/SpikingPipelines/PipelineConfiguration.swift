import ExactArithmetic
import SpikingOperators
import Tensors

/// Which conversion a spiking pipeline implements.
public enum PipelineKind: String, Sendable, CaseIterable, Codable {
    /// ECMT: multi-threshold neurons at the eight sites of spec §6, expectation compensation
    /// around every LayerNorm, softmax and GELU, compensated products.
    case ecmt
    /// STA: signed burst neurons, group operators for GELU, exp, 1/x and 1/√x inside the STA
    /// softmax and LayerNorm, temporal-corrective products; where they sit is the configuration's
    /// `staStructure` (spec §6's eight sites, or the released code's).
    case sta
}

/// Where STA's group operators come from.
public enum GroupOperatorSource: String, Sendable, CaseIterable, Codable {
    /// STA's released weights (GELU 64, exp 32, 1/x 64, 1/√x 8 units).
    case released
    /// Piecewise-linear interpolants (theorem GO-1) on the domains seen in calibration.
    case interpolant
}

/// What STA's softmax composition subtracts from the logits before its exp operator.
public enum STASoftmaxShift: String, Sendable, CaseIterable, Codable {
    /// STA: the first kept key's logit minus 1, then a clamp at 3 (spec §4).
    case firstKey = "first-key"
    /// The row's maximum minus 1: every exp input is ≤ 1 and no clamp is needed (not STA; a
    /// what-if that removes the clamp's error).
    case rowMax = "row-max"
}

/// Which STA pipeline structure runs: where the neurons sit, what kind they are and how they are
/// calibrated (docs/sta-structures.md has one table of sites per structure).
public enum STAStructure: String, Sendable, CaseIterable, Codable {
    /// The structure chosen here (spec §6's eight sites): signed burst pairs with one threshold
    /// per channel on |a| at seven sites, positive IF neurons at the attention probabilities,
    /// LayerNorm and softmax as compositions of group operators in ANN mode with temporal
    /// correction, GELU with IF hidden units; calibrated on the exact reference. The bounds
    /// (B-STA, B-CF-STA) cover this one.
    case spikebound
    /// The released STA code's structure: no neurons at q, k, v or the fc2 input; signed
    /// encoders (a pair per channel with a threshold per sign) at every LayerNorm output and the
    /// attention output; a signed burst neuron fed t·p(t) − (its emitted total) at the
    /// probabilities, one threshold per key position; LayerNorm as SpikeLN (a temporal-corrective
    /// variance, a spiking 1/√x operator, a second temporal-corrective product); GELU with
    /// signed burst hidden units; all thresholds by MMSE on the converted model in ANN mode.
    case `public`
}

/// How a signed burst neuron counts its bursts (spec §1.3).
public enum BurstRule: String, Sendable, CaseIterable, Codable {
    /// ⌊|r| / (θ/2)⌋, the rule of the spec.
    case exact
    /// ⌊|r| / (θ/2 + 10⁻⁵)⌋, the public STA code's floating-point guard.
    case publicGuard = "public-guard"

    /// What is added to θ/2 (nil for the exact rule).
    public var guardValue: Rational? {
        switch self {
        case .exact: nil
        case .publicGuard: SignedBurstNeuron<Double>.referenceGuard
        }
    }
}

/// The settings of a pipeline. Defaults follow the public code of each paper (spec §1.2, §5).
public struct PipelineConfiguration: Sendable, Equatable {
    public var kind: PipelineKind

    // ECMT.
    /// Levels per side n and gap g of the multi-threshold neurons.
    public var levels = 8
    public var gap = Rational(2)
    public var rule: MultiThresholdNeuron<Double>.Rule = .ecmt
    /// What the calibrated percentile becomes (spec §5).
    public var placement: ECMTCalibration.Placement = .smallestLevel
    /// How ECMT's calibration reads percentiles and averages batches (default: as the public code).
    public var percentile: ECMTCalibration.Percentile = .kthValue
    /// The softmax output site's fixed λ (public code: 0.0125). It and the ViT fc2 λ's below are
    /// smallest levels whatever the placement (the placement applies to calibrated sites).
    public var softmaxLambda = Rational.fraction(1, 80)
    /// ViT's fc2 input site: fixed λ⁺ = 0.25, λ⁻ = 0.08 (public code). BERT calibrates it.
    public var vitFC2Lambdas = (positive: Rational.fraction(1, 4), negative: Rational.fraction(2, 25))

    // STA.
    /// The burst limit β of the signed burst neurons.
    public var burstLimit = 2
    /// The T the MMSE threshold calibration optimises for (the public rerun uses T = 32).
    public var calibrationSteps = 32
    public var groupOperators: GroupOperatorSource = .interpolant
    /// Knot intervals of the interpolated exp, 1/x and 1/√x operators (source `interpolant`),
    /// evaluated on estimates in ANN mode.
    public var interpolantIntervals = 256
    /// Knot intervals of the interpolated GELU operator, which runs in spiking mode with one IF
    /// neuron per interval and element (the released one has 64 units).
    public var geluIntervals = 64
    public var softmaxShift: STASoftmaxShift = .firstKey
    public var staStructure: STAStructure = .spikebound
    public var burstRule: BurstRule = .exact
    /// The public structure with released group operators: an operator whose largest error
    /// relative to max|f| on the domain calibration saw exceeds this is replaced by the
    /// interpolant, and the run says so.
    public var releasedTolerance = 0.05

    public init(kind: PipelineKind) {
        self.kind = kind
    }

    public static func == (a: PipelineConfiguration, b: PipelineConfiguration) -> Bool {
        a.kind == b.kind && a.levels == b.levels && a.gap == b.gap && a.rule == b.rule && a.placement == b.placement
            && a.percentile == b.percentile
            && a.softmaxLambda == b.softmaxLambda && a.vitFC2Lambdas == b.vitFC2Lambdas && a.burstLimit == b.burstLimit
            && a.calibrationSteps == b.calibrationSteps && a.groupOperators == b.groupOperators
            && a.interpolantIntervals == b.interpolantIntervals && a.geluIntervals == b.geluIntervals && a.softmaxShift == b.softmaxShift
            && a.staStructure == b.staStructure && a.burstRule == b.burstRule && a.releasedTolerance == b.releasedTolerance
    }

    /// Checks the settings, naming the first bad one.
    public func validate() throws {
        guard (1...64).contains(levels) else { throw OperatorError.invalidParameter("levels \(levels) must be in 1…64") }
        guard gap > .one else { throw OperatorError.invalidParameter("gap \(gap) must be > 1") }
        guard softmaxLambda.sign > 0 else { throw OperatorError.invalidParameter("softmax λ \(softmaxLambda) must be > 0") }
        guard burstLimit >= 0 else { throw OperatorError.invalidParameter("burst limit \(burstLimit) must be ≥ 0") }
        guard calibrationSteps >= 1 else {
            throw OperatorError.invalidParameter("calibration T \(calibrationSteps) must be ≥ 1")
        }
        guard geluIntervals >= 1 else { throw OperatorError.invalidParameter("GELU intervals \(geluIntervals) must be ≥ 1") }
        guard releasedTolerance.isFinite, releasedTolerance > 0 else {
            throw OperatorError.invalidParameter("released-operator tolerance \(releasedTolerance) must be a number > 0")
        }
        guard interpolantIntervals >= 1 else {
            throw OperatorError.invalidParameter("interpolant intervals \(interpolantIntervals) must be ≥ 1")
        }
    }
}

