import FuzzSupport

fuzzerMain { Fuzzing.feed(.safetensors, $0, $1) }
