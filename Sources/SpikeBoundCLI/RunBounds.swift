import Bounds
import Foundation
import SpikingPipelines

/// What `spikebound run --bounds` adds: every input's a posteriori certificate (B-INJ) and the
/// attribution of the first inputs' errors to neuron sites (B-ATTR).
struct RunBounds: Encodable, TableText {
    /// The certificates, in the inputs' order.
    let certificates: [SampleCertificate]
    /// The certified errors (B-CERT) of the first inputs (`--certify`).
    let certified: [CertifiedSample]
    /// How many sites the text lists per layer.
    let topSites: Int

    enum CodingKeys: String, CodingKey { case certificates, certified }

    /// {"certificates": [...], "certified": [{"sample", "bits", "steps": [{"T", "layers": [{"layer", "bound", "observedLower", "radius"}]}]}]}.
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(certificates, forKey: .certificates)
        try container.encode(certified, forKey: .certified)
    }

    /// The table: per T and layer, the observed error (max over inputs), the part the residuals
    /// explain, the remainder, and the first attributed input's top sites.
    func text(_ result: ConversionResult) -> String {
        var out = "\nPer-input certificate (B-INJ): the ANN re-evaluated with −V_i(T)/T injected at every neuron site, "
        out += "evaluated in Double; max over inputs and unpadded entries:\n"
        out += pad("T", 6) + pad("layer", 7) + pad("observed", 12) + pad("explained", 12) + pad("remainder", 12) + "\n"
        for step in result.steps {
            for (layer, observed) in step.layers.enumerated() {
                let certified = certificates.compactMap { $0.steps.first { $0.T == step.T }?.layers[layer] }
                let explained = certified.map(\.injectedError).max() ?? 0
                let remainder = certified.map(\.remainder).max() ?? 0
                out += pad("\(step.T)", 6) + pad("\(layer)", 7) + pad(number(observed.maxAbs), 12) + pad(number(explained), 12)
                    + pad(number(remainder), 12) + "\n"
            }
        }
        out += "explained: ‖ANN with the residuals injected − ANN‖ (ECMT: the whole error, up to rounding); "
        out += "remainder: ‖SNN − ANN with the residuals injected‖ (ECMT: floating-point rounding; STA: its group operators).\n"
        for certificate in certified {
            out += "\nCertified error (B-CERT) of \(certificate.sample) against the exact ANN (the ANN in balls at \(certificate.bits) bits): "
            out += "lower ≤ max |SNN − ANN| ≤ bound, each rounded outward:\n"
            out += pad("T", 6) + pad("layer", 7) + pad("lower", 12) + pad("bound", 12) + pad("ANN radius", 12) + "\n"
            for step in certificate.steps {
                for layer in step.layers {
                    out += pad("\(step.T)", 6) + pad("\(layer.layer)", 7) + pad(lowerNumber(layer.observedLower), 12)
                        + pad(upperNumber(layer.bound), 12) + pad(upperNumber(layer.radius), 12) + "\n"
                }
            }
        }
        for certificate in certificates {
            let attributed = certificate.steps.compactMap(\.attribution)
            guard !attributed.isEmpty else { continue }
            out += "\nAttribution (B-ATTR) for \(certificate.sample): each layer's largest site contributions "
            out += "‖C_{l,i}‖ (single-site re-evaluation) and the interaction ‖E − Σ C‖:\n"
            out += pad("T", 6) + pad("layer", 7) + pad("explained", 12) + pad("interaction", 13) + "top sites\n"
            for step in attributed {
                for layer in step.layers {
                    let top = layer.contributions.prefix(topSites).map { "L\($0.site.layer) \($0.site.site.rawValue) \(number($0.magnitude))" }
                    out += pad("\(step.T)", 6) + pad("\(layer.layer)", 7) + pad(number(layer.injectedError), 12)
                        + pad(number(layer.interaction), 13) + top.joined(separator: ", ") + "\n"
                }
            }
        }
        return out
    }
}
