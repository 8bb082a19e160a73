import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// The a priori bound (B-NET for ECMT, B-STA for STA) over the domain of one recorded input, its
/// embedding ± a margin, set beside that input's observed error: the report of `spikebound run --bounds --a-priori`.
public struct APrioriCertificate: Sendable, Codable, Equatable {
    public let sample: String
    /// The theorem: B-NET (ECMT) or B-STA.
    public let theorem: String
    /// The half-width of every input box, as given.
    public let margin: String
    public let bits: Int
    public let steps: [APrioriStep]
    /// Saturations found, by layer and site: those of the model (the ANN's values at the input
    /// pass a top level, so the error does not vanish as T grows) and unrepresentable ranges
    /// first, then those only the analysis cannot exclude, then transient ones (only single
    /// steps may, B-PSUM).
    public let findings: [BoundFinding]
    /// Places where the model saturates or a range is unrepresentable (the bound keeps a part
    /// that does not vanish with T).
    public let saturatedSites: Int
    /// Places where only the analysis's enclosure passes a top level.
    public let analysisSaturatedSites: Int
    /// Sites with a transient saturation only.
    public let transientSites: Int
    public let sites: Int
    /// ECMT: every neuron site's bound B_k(T) over the domain beside the recorded input's
    /// |V_k(T)|/T (B-NET's induction); empty for STA, whose analysis keeps no per-site bound.
    public let siteBounds: [APrioriSiteBound]
    /// How the network-level steps were evaluated.
    public let engine: APrioriEngine
    /// With a margin > 0: the worst error observed over points of the domain, beside the bound
    /// (`withDomain`); nil for a point domain or when not measured.
    public var domain: DomainSampling? = nil

    /// The certificate with the worst errors observed over `points` points of its domain
    /// (`DomainSampling.measure`) set beside its bounds.
    public func withDomain(_ worst: [Int: [Double]], points: Int) throws -> APrioriCertificate {
        var out = self
        out.domain = DomainSampling(points: points, steps: try steps.map { step in
            guard let observed = worst[step.T], observed.count == step.layers.count else {
                throw BoundError.invalidParameter("no domain errors at T = \(step.T)")
            }
            return DomainStep(T: step.T, layers: zip(step.layers, observed).map { layer, o in
                DomainLayer(layer: layer.layer, observed: o, ratio: o > 0 ? layer.bound / o : nil)
            })
        })
        return out
    }

    /// Runs B-NET (ECMT) or B-STA (STA) over x ± margin for the record's input x, with the
    /// pipeline's calibration.
    /// `point` is the Double reference, whose evaluation of the input decides which saturations
    /// are the model's.
    public static func analyse(
        _ record: RecordedSample, point: ReferenceEncoder<Double>, calibration: PipelineCalibration, margin: Rational,
        bits: Int = 64, progress: ((AnalysisStage) -> Void)? = nil
    ) throws -> APrioriCertificate {
        let result = try analyseDomain(
            of: record.sample, point: point, calibration: calibration, margin: margin, steps: record.means.keys.sorted(),
            bits: bits, progress: progress)
        return try certificate(result, record: record, point: point, margin: margin, bits: precision(result.engine, bits: bits))
    }

    /// The working precision of an analysis: the centred forms' ball precision (B-CF), or the
    /// intervals' `bits`.
    public static func precision(_ engine: APrioriEngine, bits: Int) -> Int {
        engine == .centredForms ? CentredAPriori.precision : bits
    }

    /// The analysis alone, over the domain of `sample`'s input ± margin: it needs no run of the
    /// SNN, so it can run beside the inputs' runs (`spikebound report`). Both pipelines run
    /// through centred forms from `point`'s weights: ECMT's B-NET about the exact ANN at the
    /// input (`CentredAPriori`), STA's B-STA about F̃ and the exact ANN there
    /// (`STACentredAPriori`). Where STA's centred radii grow past `Double`'s range
    /// (`BoundError.overflow`), B-STA runs in intervals at `bits` bits instead
    /// (`APrioriBound.analyse`), and the result names its engine.
    public static func analyseDomain(
        of sample: EncoderSample, point: ReferenceEncoder<Double>, calibration: PipelineCalibration, margin: Rational,
        steps: [Int], bits: Int = 64, progress: ((AnalysisStage) -> Void)? = nil
    ) throws -> APrioriResult {
        let grid = Set(steps).sorted()
        switch calibration.configuration.kind {
        case .ecmt:
            return try CentredAPriori.analyse(
                weights: point.weights, calibration: calibration, input: sample.input, margin: margin, mask: sample.mask,
                steps: grid, progress: progress)
        case .sta:
            do {
                return try STACentredAPriori.analyse(
                    weights: point.weights, calibration: calibration, input: sample.input, margin: margin, mask: sample.mask,
                    steps: grid, progress: progress)
            } catch BoundError.overflow(let what) {
                progress?(AnalysisStage("centred forms overflowed (\(what)); B-STA in intervals at \(bits) bits instead"))
                let reference = try ReferenceEncoder(point.weights.converted(to: Interval.self), context: NumericContext(bits: bits))
                return try APrioriBound.analyse(
                    .sta, reference: reference, calibration: calibration, domain: try APrioriBound.boxes(around: sample.input, margin: margin),
                    mask: sample.mask, rows: sample.keptTokens, steps: grid, progress: progress)
            }
        }
    }

    /// The analysis's bounds set beside the recorded input's observed errors and residuals, and
    /// its findings beside the ANN's values at the input (a Double evaluation by `point`).
    public static func certificate(
        _ result: APrioriResult, record: RecordedSample, point: ReferenceEncoder<Double>, margin: Rational, bits: Int
    ) throws -> APrioriCertificate {
        let rows = record.sample.keptTokens
        let steps = result.steps
        guard steps == record.means.keys.sorted() else {
            throw BoundError.invalidParameter("the a priori T grid \(steps) is not the run's \(record.means.keys.sorted())")
        }
        // ECMT's mean output at a post-LN layer is a LayerNorm output (EC-1), so the LayerNorm cap
        // bounds its error at the input itself (a point domain); a bound at or above it is vacuous.
        let caps = result.theorem == "B-NET" && margin.isZero
            ? try LayerNormCap.caps(point.weights, ann: record.ann, rows: rows) : nil
        let layers = try steps.map { T -> APrioriStep in
            guard let snn = record.means[T], let bounds = result.bounds[T] else {
                throw BoundError.invalidParameter("no SNN means or bound at T = \(T)")
            }
            return APrioriStep(T: T, layers: try bounds.indices.map { l in
                let observed = try ErrorAttribution.maxMagnitude(snn[l] - record.ann[l], rows)
                let bound = bounds[l]
                return APrioriLayer(
                    layer: l, bound: bound, observed: observed, tightness: bound > 0 ? observed / bound : nil,
                    cap: caps.flatMap { l < $0.count ? $0[l] : nil })
            })
        }
        let siteBounds = try result.sites.map { site in
            APrioriSiteBound(layer: site.layer, site: site.site.rawValue, steps: try steps.map { T in
                guard let bound = site.bounds[T], let v = record.residuals.at(T)[site.layer]?[site.site] else {
                    throw BoundError.invalidParameter("layer \(site.layer) \(site.site.rawValue): no bound or residual at T = \(T)")
                }
                // The bound rounded up and |V|/T rounded to nearest: rounding is monotone, so
                // observed ≤ bound here whenever |V|/T ≤ B_k(T) exactly (the report compares them).
                // Over the kept tokens, as the layers' errors: a padded token's neurons run too,
                // but no kept value depends on them, and the centred analysis (B-CF) bounds the
                // kept rows only.
                let largest = try ErrorAttribution.maxMagnitude(v, rows)
                return APrioriSiteStep(T: T, bound: bound.doubleValue(rounding: .up), observed: largest / Double(T))
            })
        }
        // ECMT's site findings are decided again beside the point values; STA's are decided by its
        // analysis against F̃'s certified values at the input (the ANN with STA's operators).
        let values = result.sites.isEmpty ? [:] : try PointSiteRanges.evaluate(record.sample, reference: point)
        let findings = result.sites.isEmpty
            ? result.findings
            : result.sites.flatMap { $0.findings(point: values[SiteKey(layer: $0.layer, site: $0.site)]) }
        func places(_ kinds: Set<BoundFinding.Kind>) -> Int {
            Set(findings.filter { kinds.contains($0.kind) }.map { "\($0.layer ?? -1) \($0.site)" }).count
        }
        let order: [BoundFinding.Kind] = [.saturation, .unrepresentable, .analysisSaturation, .transientSaturation]
        return APrioriCertificate(
            sample: record.sample.name, theorem: result.theorem,
            margin: margin.description, bits: bits, steps: layers,
            findings: order.flatMap { kind in findings.filter { $0.kind == kind } },
            saturatedSites: places([.saturation, .unrepresentable]), analysisSaturatedSites: places([.analysisSaturation]),
            transientSites: places([.transientSaturation]), sites: result.siteCount, siteBounds: siteBounds,
            engine: result.engine)
    }
}

/// How an a priori analysis evaluated its network-level steps.
public enum APrioriEngine: String, Sendable, Codable, Equatable {
    /// Centred forms about the exact ANN at the input, enclosed in Arb balls (B-CF).
    case centredForms = "centred-forms"
    /// Interval arithmetic over the domain (B-NET's first engine, B-STA).
    case intervals

    /// Words for a report: what was computed, at what precision.
    public func described(bits: Int) -> String {
        switch self {
        case .centredForms:
            return "through centred forms about the exact values at the input (the ANN; for STA also F̃, the ANN with STA's "
                + "operators), enclosed in \(bits)-bit balls, with Double radii rounded up"
        case .intervals: return "in intervals at \(bits) bits"
        }
    }
}

public struct APrioriStep: Sendable, Codable, Equatable {
    public let T: Int
    public let layers: [APrioriLayer]
}

/// Layer l at one T, max |·| over the kept entries.
public struct APrioriLayer: Sendable, Codable, Equatable {
    public let layer: Int
    /// B_l(T), certified for every input of the domain (rounded up to a Double).
    public let bound: Double
    /// |SNN_l − ANN_l| of the recorded input (Double runs).
    public let observed: Double
    /// observed / bound (nil when the bound is 0).
    public let tightness: Double?
    /// ECMT on a post-LN layer over a point domain: the LayerNorm cap (`LayerNormCap`), which
    /// bounds the error with no analysis; nil elsewhere.
    public var cap: Double? = nil

    /// Whether the bound says nothing beyond the LayerNorm cap (at or above it, up to a relative
    /// 10⁻⁹ for the Double reference's rounding in the cap).
    public var isVacuous: Bool { cap.map { bound >= $0 * (1 - 1e-9) } ?? false }

    public init(layer: Int, bound: Double, observed: Double, tightness: Double?, cap: Double? = nil) {
        self.layer = layer
        self.bound = bound
        self.observed = observed
        self.tightness = tightness
        self.cap = cap
    }
}

/// One ECMT neuron site's a priori bound at every T of the grid.
public struct APrioriSiteBound: Sendable, Codable, Equatable {
    public let layer: Int
    public let site: String
    public let steps: [APrioriSiteStep]
}

public struct APrioriSiteStep: Sendable, Codable, Equatable {
    public let T: Int
    /// B_k(T), rounded up to a Double.
    public let bound: Double
    /// The recorded input's max |V_k(T)|/T over the site's entries.
    public let observed: Double
}
