import Bounds
import Foundation

/// What `spikebound run --bounds --a-priori N` adds: for each of the first N inputs, the a priori
/// bound B_l(T) (B-NET or B-STA) over its domain, the input's observed error and the tightness,
/// and the saturations found on the way.
struct RunAPriori: Encodable, TableText {
    let certificates: [APrioriCertificate]

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(certificates)
    }

    func text() -> String {
        var out = ""
        for c in certificates {
            out += "\nA priori bound (\(c.theorem)) over \(c.sample) ± \(c.margin) per entry, certified \(c.engine.described(bits: c.bits)): "
            out += "B_l(T) holds for every input of that domain; observed is \(c.sample)'s own error; tightness = observed / bound:\n"
            out += pad("T", 6) + pad("layer", 7) + pad("a priori", 12) + pad("observed", 12) + pad("tightness", 12) + "\n"
            for step in c.steps {
                for layer in step.layers {
                    out += pad("\(step.T)", 6) + pad("\(layer.layer)", 7) + pad(upperNumber(layer.bound), 12)
                        + pad(number(layer.observed), 12) + pad(layer.tightness.map(number) ?? "-", 12) + "\n"
                }
            }
            if let domain = c.domain {
                out += "Worst error over \(domain.points) points of the domain (corners and random points, \(c.sample) among them), "
                out += "beside the bound:\n"
                out += pad("T", 6) + pad("layer", 7) + pad("a priori", 12) + pad("worst", 12) + pad("bound/worst", 12) + "\n"
                for (step, sampled) in zip(c.steps, domain.steps) {
                    for (layer, worst) in zip(step.layers, sampled.layers) {
                        out += pad("\(step.T)", 6) + pad("\(layer.layer)", 7) + pad(upperNumber(layer.bound), 12)
                            + pad(number(worst.observed), 12) + pad(worst.ratio.map(number) ?? "-", 12) + "\n"
                    }
                }
            }
            if c.saturatedSites == 0 {
                out += "No neuron site's ANN values at the input pass a top level (no saturation of the model found).\n"
            } else {
                let groups = c.theorem == "B-STA" ? ", and STA's GELU groups" : ""
                out += "At \(c.saturatedSites) places (of \(c.sites) neuron sites\(groups)) the values the "
                out += "neurons must encode pass their range, so the error keeps a part that does not vanish with T.\n"
            }
            if c.analysisSaturatedSites > 0 {
                out += "At \(c.analysisSaturatedSites) places only the analysis's enclosure passes a top level (the ANN's "
                out += "values at the input do not, or were not evaluated): a limit of the analysis, which keeps its bound from vanishing.\n"
            }
            if c.transientSites > 0 {
                out += "At \(c.transientSites) sites single steps may pass a top level (B-STEP) while the running means stay "
                out += "inside; those neurons only lag, and B-PSUM bounds them from their partial sums.\n"
            }
            for finding in c.findings.prefix(4) { out += "  \(finding)\n" }
            if c.findings.count > 4 { out += "  … \(c.findings.count - 4) more in the JSON output\n" }
        }
        return out
    }
}
