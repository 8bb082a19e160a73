import FuzzSupport

fuzzerMain { Fuzzing.feed(.config, $0, $1) }
