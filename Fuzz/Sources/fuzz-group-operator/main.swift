import FuzzSupport

fuzzerMain { Fuzzing.feed(.groupOperator, $0, $1) }
