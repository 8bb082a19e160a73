import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// Theorem B-NET (proofs/bounds/B-NET.md): a certified bound B_l(T) on |SNN_l(x, T) − ANN_l(x)|
/// for every input x in a domain of boxes, every layer l and every T of a grid, for the ECMT
/// pipeline with a given calibration.
///
/// 1. B-STEP gives every neuron site's per-step input box, hence its B-MT bound B_i(T) and any
///    saturation finding.
/// 2. By B-INJ, SNN_l(x, T) = F_l(x, δ) with |δ_i| ≤ B_i(T) entry by entry (δ_i = 0 where the
///    site's input is always 0).
/// 3. The reference run in interval arithmetic over the domain gives C_l ∋ ANN_l(x); with the
///    boxes [−B_i(T), B_i(T)] injected at the sites it gives P_l(T) ∋ F_l(x, δ) (inclusion
///    isotonicity). So SNN_l − ANN_l ∈ P_l(T) − C_l, and B_l(T) = max |P_l(T) − C_l| over the
///    rows of `rows`.
public enum APrioriBound {
    /// Runs the analysis. `progress` hears each stage as it starts.
    public static func analyse(
        reference: ReferenceEncoder<Interval>, calibration: PipelineCalibration, domain: Tensor<Interval>,
        mask: [Bool]?, rows: [Int], steps: [Int], progress: ((String) -> Void)? = nil
    ) throws -> APrioriResult {
        guard !steps.isEmpty, steps.allSatisfy({ $0 >= 1 }) else {
            throw BoundError.invalidParameter("the T grid must be non-empty with every T ≥ 1, got \(steps)")
        }
        progress?("per-step ranges")
        let ranges = try StepRanges.analyse(reference: reference, calibration: calibration, domain: domain, mask: mask)
        progress?("reference over the domain")
        let clean = try reference.forward(domain, mask: mask)
        var bounds = [Int: [Double]]()
        for T in steps {
            progress?("injected reference at T = \(T)")
            let injected = try reference.forward(domain, mask: mask, inject: { layer, site, value in
                guard let neuron = ranges.neurons[layer][site], let boxes = ranges.inputs[layer][site] else {
                    throw BoundError.invalidParameter("layer \(layer): no per-step range at site \(site.rawValue)")
                }
                return try value.zipWith(boxes) { try $0 + neuron.injection($1, steps: T) }
            })
            // magnitudeBound rounds each interval's magnitude up, so the Double is still a bound.
            bounds[T] = try zip(injected, clean).map { try ErrorAttribution.maxMagnitude($0 - $1, rows) }
        }
        let sites = ranges.neurons.enumerated().flatMap { layer, neurons in
            EncoderSite.neuronSites.compactMap { site in
                neurons[site].map { SiteRange(layer: layer, site: site, neuron: $0) }
            }
        }
        return APrioriResult(steps: steps, bounds: bounds, sites: sites, findings: ranges.findings)
    }

    /// The domain of per-entry boxes [x − margin, x + margin] around x (margin 0: x itself).
    public static func boxes(around x: Tensor<Double>, margin: Rational) throws -> Tensor<Interval> {
        guard margin.sign >= 0 else { throw BoundError.domain("the margin \(margin) must be ≥ 0") }
        return try x.map { value in
            let c = try Rational(exactly: value)
            return try Interval(c - margin, c + margin)
        }
    }
}

/// The a priori analysis of one domain.
public struct APrioriResult: Sendable {
    public let steps: [Int]
    /// T → B_l(T) for each layer l (certified: interval magnitudes rounded up).
    public let bounds: [Int: [Double]]
    /// Every neuron site's per-step input hull and bound.
    public let sites: [SiteRange]
    /// Saturations, with layer and site.
    public let findings: [BoundFinding]
}

/// One neuron site's per-step input hull (B-STEP) and B-MT bound.
public struct SiteRange: Sendable {
    public let layer: Int
    public let site: EncoderSite
    public let neuron: SiteNeuronBound
}
