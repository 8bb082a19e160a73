import Bounds
import Foundation

/// What `spikebound run --bounds --a-priori N` adds: for each of the first N inputs, the a priori
/// bound B_l(T) (B-NET) over its domain, the input's observed error and the tightness, and the
/// saturations found on the way (B-STEP).
struct RunAPriori: Encodable, TableText {
    let certificates: [APrioriCertificate]

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(certificates)
    }

    func text() -> String {
        var out = ""
        for c in certificates {
            out += "\nA priori bound (B-NET, ECMT) over \(c.sample) ± \(c.margin) per entry, certified in intervals at \(c.bits) bits: "
            out += "B_l(T) holds for every input of that domain; observed is \(c.sample)'s own error; tightness = observed / bound:\n"
            out += pad("T", 6) + pad("layer", 7) + pad("a priori", 12) + pad("observed", 12) + pad("tightness", 12) + "\n"
            for step in c.steps {
                for layer in step.layers {
                    out += pad("\(step.T)", 6) + pad("\(layer.layer)", 7) + pad(number(layer.bound), 12)
                        + pad(number(layer.observed), 12) + pad(layer.tightness.map(number) ?? "-", 12) + "\n"
                }
            }
            if c.saturatedSites == 0 {
                out += "No neuron site can saturate over this domain (B-STEP): every bound vanishes as T grows.\n"
            } else {
                out += "Saturation possible at \(c.saturatedSites) of \(c.sites) neuron sites (B-STEP's per-step ranges reach past "
                out += "a top level), so the bound keeps a part that does not vanish with T from the first of them on:\n"
                for finding in c.findings.prefix(4) { out += "  \(finding)\n" }
                if c.findings.count > 4 { out += "  … \(c.findings.count - 4) more in the JSON output\n" }
            }
        }
        return out
    }
}
