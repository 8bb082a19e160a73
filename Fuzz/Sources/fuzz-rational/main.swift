import FuzzSupport

fuzzerMain { Fuzzing.feed(.rational, $0, $1) }
