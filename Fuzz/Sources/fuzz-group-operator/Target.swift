import ModelIO

/// Group-operator files (JSON), as `--group-operators FILE` reads them.
func fuzzOne(_ bytes: [UInt8]) {
    guard let json = try? JSONParser.parse(bytes: bytes) else { return }
    _ = try? GroupOperatorFile.parse(json, name: "fuzz")
}
