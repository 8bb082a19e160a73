import FuzzSupport

fuzzerMain { Fuzzing.feed(.report, $0, $1) }
