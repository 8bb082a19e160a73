import FuzzSupport

fuzzerMain { Fuzzing.feed(.texts, $0, $1) }
