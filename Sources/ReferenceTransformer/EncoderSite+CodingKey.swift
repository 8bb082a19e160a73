/// A dictionary keyed by site encodes as a JSON object keyed by the site's name (as a
/// dictionary keyed by String does), not as an array of alternating keys and values in the
/// dictionary's per-process order: with sorted keys, the same calibration then always gives the
/// same bytes, and so the same content hash (`spikebound calibrate`).
extension EncoderSite: CodingKeyRepresentable {}
