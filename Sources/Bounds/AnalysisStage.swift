/// One stage of an a priori analysis, as its progress reports it: what runs, and the layer it
/// has reached where it reports one (a caller counts layers from `layer`, never from the text).
public struct AnalysisStage: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let layer: Int?

    public init(_ name: String, layer: Int? = nil) {
        self.name = name
        self.layer = layer
    }

    public var description: String { layer.map { "\(name), layer \($0)" } ?? name }
}
