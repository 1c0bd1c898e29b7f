import DataIO
import Testing

/// The JSON parser on hostile text: deep nesting, numbers beyond Double, bytes that are not UTF-8, escapes and
/// surrogate pairs.
@Suite("JSON parser limits")
struct JSONLimitsTests {
    @Test func nestingIsLimitedWithoutExhaustingTheStack() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(thrownMessage { _ = try JSONValue.parse(deep) } == "<memory>:1:513: invalid JSON: nesting deeper than 512 levels")
        // 511 arrays around a number: 512 nested values, the most allowed.
        let allowed = String(repeating: "[", count: 511) + "1" + String(repeating: "]", count: 511)
        var value = try JSONValue.parse(allowed)
        var depth = 0
        while let inner = value.arrayValue?.first { value = inner; depth += 1 }
        #expect(depth == 511 && value == .integer(1))
    }

    @Test func numbersBeyondDoubleAreErrors() throws {
        #expect(thrownMessage { _ = try JSONValue.parse("[1e400]") } == "<memory>:1:7: invalid JSON: the number 1e400 is out of range")
        #expect(thrownMessage { _ = try JSONValue.parse("-1e99999") }.hasSuffix("the number -1e99999 is out of range"))
        // Integers beyond Int are Doubles; tiny numbers round to zero as strtod rounds them.
        #expect(try JSONValue.parse("123456789012345678901234567890") == .number(1.2345678901234568e29))
        #expect(try JSONValue.parse(String(repeating: "9", count: 400) + ".5e-300").doubleValue == 1e100)
        #expect(try JSONValue.parse("1e-400") == .number(0))
        #expect(thrownMessage { _ = try JSONValue.parse("01") }.hasSuffix("a number may not have leading zeros"))
    }

    @Test func stringsMustBeUTF8() throws {
        let bytes: [UInt8] = Array("{\"method\": \"caf".utf8) + [0xE9] + Array("\"}".utf8)
        #expect(thrownMessage { _ = try JSONValue.parse(bytes) }
            == "<memory>:1:16: invalid JSON: a string holds bytes that are not UTF-8; save the file as UTF-8")
        // A truncated multi-byte sequence before an escape.
        let truncated: [UInt8] = Array("[\"a".utf8) + [0xF0, 0x9F] + Array("\\n\"]".utf8)
        #expect(thrownMessage { _ = try JSONValue.parse(truncated) }.hasSuffix("a string holds bytes that are not UTF-8; save the file as UTF-8"))
        #expect(try JSONValue.parse(Array("\"café 😀\"".utf8)) == .string("café 😀"))
    }

    @Test func escapesAndSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00 \u00e9\n\/""#) == .string("😀 é\n/"))
        #expect(thrownMessage { _ = try JSONValue.parse(#""\ud83d""#) }.hasSuffix("an unpaired surrogate in \\u escapes"))
        #expect(thrownMessage { _ = try JSONValue.parse(#""\ude00x""#) }.hasSuffix("an unpaired surrogate in \\u escapes"))
        #expect(thrownMessage { _ = try JSONValue.parse(#""\ud83d\u0041""#) }.hasSuffix("an unpaired surrogate in \\u escapes"))
        #expect(thrownMessage { _ = try JSONValue.parse(#""\u12g4""#) }.hasSuffix("a \\u escape needs four hex digits"))
        #expect(thrownMessage { _ = try JSONValue.parse(#""\x""#) }.hasSuffix("unknown escape '\\x'"))
        #expect(thrownMessage { _ = try JSONValue.parse("\"a\u{1}\"") }.hasSuffix("a control character inside a string must be escaped"))
    }
}
