import FuzzSupport

fuzzerMain { Fuzzing.feed(.spec, $0, $1) }
