import ReferenceTransformer
import SpikingPipelines
import Synchronization
import Tensors

/// The ANN's own values at every neuron site for one input, from a point (Double) evaluation:
/// what a saturation finding states about the model, beside the analysis's certified range.
public enum PointSiteRanges {
    /// The range over the kept tokens of the value each neuron site sees, layer by layer.
    public static func evaluate(_ sample: EncoderSample, reference: ReferenceEncoder<Double>) throws -> [SiteKey: ValueRange] {
        let kept = sample.keptTokens
        let ranges = Mutex([SiteKey: ValueRange]())
        _ = try reference.forward(sample.input, mask: sample.mask, observe: { layer, site, value in
            guard EncoderSite.neuronSites.contains(site), value.rank == 2 else { return }
            let width = value.rowLength
            var lo = Double.infinity, hi = -Double.infinity
            for row in kept {
                for x in value.values[(row * width)..<((row + 1) * width)] {
                    lo = min(lo, x)
                    hi = max(hi, x)
                }
            }
            ranges.withLock { $0[SiteKey(layer: layer, site: site)] = ValueRange(lo: lo, hi: hi) }
        })
        return ranges.withLock { $0 }
    }
}
