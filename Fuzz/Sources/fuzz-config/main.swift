import FuzzSupport

// Read the fixture weights before fuzzing, so that their one-time allocation is not charged to an input.
_ = Weights.tinyBERT
fuzzerMain { data, size in
    fuzzOne(bytes(data, size))
    return 0
}
