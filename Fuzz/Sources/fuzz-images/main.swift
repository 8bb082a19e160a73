import FuzzSupport

fuzzerMain { Fuzzing.feed(.images, $0, $1) }
