import CBall

/// Owns one heap-allocated Arb ball (`arb_struct`), freed on deinit.
///
/// Sendable: a storage is written only while it is being made (by the operation that returns
/// it) and read afterwards, so a shared storage is immutable.
final class BallStorage: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer

    init() {
        guard let p = sb_ball_new() else { fatalError("out of memory allocating a ball") }
        pointer = p
    }

    deinit { sb_ball_free(pointer) }

    var source: UnsafeRawPointer { UnsafeRawPointer(pointer) }
}
