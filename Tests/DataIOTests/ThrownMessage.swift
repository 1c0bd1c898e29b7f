/// The description of the error `body` throws, or `"no error"`.
func thrownMessage(_ body: () throws -> Void) -> String {
    do { try body() } catch { return "\(error)" }
    return "no error"
}
