import FuzzSupport

fuzzerMain { data, size in
    fuzzOne(bytes(data, size))
    return 0
}
