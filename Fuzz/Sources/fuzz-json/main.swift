import FuzzSupport

fuzzerMain { Fuzzing.feed(.json, $0, $1) }
