import ArgumentParser

public struct SpikeBoundCommand: ParsableCommand {
    public init() {}
    public static func mainWithExitCodes() { main() }
}
