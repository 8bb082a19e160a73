import FuzzSupport

fuzzerMain { Fuzzing.feed(.onnx, $0, $1) }
