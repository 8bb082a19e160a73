import FuzzSupport

fuzzerMain { Fuzzing.feed(.baseline, $0, $1) }
