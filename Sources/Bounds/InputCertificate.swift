import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// The a posteriori analysis of one input's run at each checkpoint T: the error its neuron
/// residuals explain (B-INJ), what they leave unexplained, and optionally where the error comes
/// from (B-ATTR). Evaluated in the reference's arithmetic (Double in `spikebound run`); the
/// tests evaluate it in intervals. The certified bound on an input's error is B-CERT
/// (`CertifiedError`), which needs no injection.
public enum InputCertificate {
    public static func analyse(
        _ record: RecordedSample, reference: ReferenceEncoder<Double>, attribute: Bool
    ) throws -> SampleCertificate {
        let rows = record.sample.keptTokens
        let steps = try record.means.keys.sorted().map { T -> StepCertificate in
            let snn = try complete(record, at: T).snn
            if attribute {
                let a = try ErrorAttribution.attribute(
                    reference: reference, input: record.sample.input, mask: record.sample.mask, residuals: record.residuals,
                    T: T, rows: rows, clean: record.ann, snn: snn)
                return StepCertificate(T: T, layers: a.layers.map {
                    LayerCertificate(layer: $0.layer, injectedError: $0.injectedError, remainder: $0.remainder ?? 0)
                }, attribution: a)
            }
            return StepCertificate(T: T, layers: try layers(
                reference: reference, input: record.sample.input, mask: record.sample.mask,
                residuals: record.residuals, T: T, clean: record.ann, snn: snn, rows: rows), attribution: nil)
        }
        return SampleCertificate(sample: record.sample.name, steps: steps)
    }

    /// The residuals at T, layer → site → V_i(T), and the SNN means there, after checking that
    /// every neuron site has one: a site without a residual would be left out of the injection
    /// silently.
    static func complete(
        _ record: RecordedSample, at T: Int
    ) throws -> (residuals: [Int: [EncoderSite: Tensor<Double>]], snn: [Tensor<Double>]) {
        let residuals = record.residuals.at(T)
        for layer in record.ann.indices {
            for site in EncoderSite.neuronSites where residuals[layer]?[site] == nil {
                throw OperatorError.invalidParameter("\(record.sample.name): no residual at layer \(layer), site \(site.rawValue), T = \(T)")
            }
        }
        guard let snn = record.means[T] else { throw OperatorError.invalidParameter("no SNN means at T = \(T)") }
        return (residuals, snn)
    }

    /// Each layer's ‖F_l(δ) − F_l(0)‖ and ‖SNN_l − F_l(δ)‖ over `rows`, in the scalar's arithmetic.
    static func layers<Scalar: SpikeScalar>(
        reference: ReferenceEncoder<Scalar>, input: Tensor<Scalar>, mask: [Bool]?, residuals: SiteResiduals<Scalar>, T: Int,
        clean: [Tensor<Scalar>], snn: [Tensor<Scalar>], rows: [Int]
    ) throws -> [LayerCertificate] {
        let injected = try ErrorAttribution.injected(reference: reference, input: input, mask: mask, residuals: residuals, T: T)
        return try injected.indices.map { l in
            LayerCertificate(
                layer: l, injectedError: try ErrorAttribution.maxMagnitude(injected[l] - clean[l], rows),
                remainder: try ErrorAttribution.maxMagnitude(snn[l] - injected[l], rows))
        }
    }
}

/// One input's certificate at every checkpoint T.
public struct SampleCertificate: Sendable, Codable, Equatable {
    public let sample: String
    public let steps: [StepCertificate]
}

public struct StepCertificate: Sendable, Codable, Equatable {
    public let T: Int
    public let layers: [LayerCertificate]
    /// Present when the input was attributed.
    public let attribution: LayerAttributions?
}

/// Layer l at one T, max |·| over the kept entries.
public struct LayerCertificate: Sendable, Codable, Equatable {
    public let layer: Int
    /// ‖F_l(δ) − F_l(0)‖: the ANN with the residuals injected against the clean ANN (B-INJ).
    public let injectedError: Double
    /// ‖SNN_l − F_l(δ)‖: what the residuals leave unexplained (ECMT: rounding; STA: its operators).
    public let remainder: Double

    public init(layer: Int, injectedError: Double, remainder: Double) {
        self.layer = layer
        self.injectedError = injectedError
        self.remainder = remainder
    }
}
