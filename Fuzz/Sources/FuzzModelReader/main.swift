// The model-file fuzzer. Build and run (from the repository root; one fuzzing process, 10 minutes):
//
//     swift build -c debug --package-path Fuzz --product FuzzModelReader \
//         -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
//     mkdir -p /tmp/model-corpus && OPENBLAS_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=0 \
//         Fuzz/.build/debug/FuzzModelReader -max_total_time=600 -rss_limit_mb=2048 -max_len=8192 -timeout=20 \
//         /tmp/model-corpus Fuzz/Corpus/FuzzModelReader Fuzz/Regressions/FuzzModelReader
//
// Keep every crashing input libFuzzer writes (crash-*, timeout-*, oom-*) in Fuzz/Regressions/FuzzModelReader/
// under a name that says what it found; `make test` replays that folder.
import Foundation
import MathFoundations

/// libFuzzer entry point: the bytes are a `dimred` model file. Reading may throw (`ModelFileError`); a model
/// that reads must transform two probe rows without trapping (its errors are accepted outcomes too).
/// `Tests/DimensionalityReductionTests/ModelFileRegressionTests.swift` replays the corpus and the regressions
/// through the same two calls without the fuzzer runtime.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let model = try? FittedEmbedding(jsonData: Data(bytes: data, count: size), source: "fuzz.json") else { return 0 }
    precondition(model.embedding.rows >= 1 && model.embedding.columns == model.settings.components)
    let probe = Matrix(rows: 2, columns: model.features) { i, j in Double(i + 1) * 0.37 - Double(j) * 0.11 }
    if let embedded = try? model.transform(probe) {
        precondition(embedded.rows == 2 && embedded.columns == model.settings.components)
    }
    return 0
}

// MARK: - JSON-aware mutation

@_silgen_name("LLVMFuzzerMutate")
func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

/// libFuzzer's custom mutator: parses the input as JSON, changes one value in a way a damaged or hostile model
/// file would (edge numbers, array lengths ± 1, swapped types, dropped or duplicated keys, broken base64),
/// and writes it back; byte-level mutation for input that does not parse (and one time in eight anyway).
@_cdecl("LLVMFuzzerCustomMutator")
public func customMutator(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    var random = SplitMix(seed: UInt64(seed))
    var parser = JSONText(Array(UnsafeBufferPointer(start: data, count: size)))
    guard random.below(8) != 0, let value = parser.parse() else {
        return LLVMFuzzerMutate(data, size, maxSize)
    }
    var mutated = value
    let nodes = mutated.count
    mutated.mutate(at: random.below(nodes), using: &random)
    var output: [UInt8] = []
    mutated.write(to: &output, random: &random)
    guard output.count <= maxSize else { return LLVMFuzzerMutate(data, size, maxSize) }
    output.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: $0.count) }
    return output.count
}

/// A small deterministic generator (SplitMix64) seeded by libFuzzer.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
}

/// A JSON value with its number kept as text, so an unchanged number is written back exactly.
indirect enum JSONValue {
    case null, bool(Bool), number(String), string(String), array([JSONValue]), object([(String, JSONValue)])

    /// The number of nodes, this one included.
    var count: Int {
        switch self {
        case let .array(items): return 1 + items.reduce(0) { $0 + $1.count }
        case let .object(members): return 1 + members.reduce(0) { $0 + $1.1.count }
        default: return 1
        }
    }

    static let edgeNumbers = ["0", "-1", "1", "2", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                              "1e308", "-1e308", "1e-320", "4294967297", "1048577", "0.5", "-0", "1e19"]
    static let edgeStrings = ["nan", "inf", "-inf", "", "pca", "kpca", "isomap", "landmark-isomap", "lle", "ltsa",
                              "hessian-lle", "modified-lle", "mds", "polynomial", "rbf", "sigmoid", "cosine", "<f8", ">f8",
                              "AAAAAAAAAAA=", "AAAAAAAA", "////////////", "mathfoundations-dimred-model", "maxmin", "gram"]

    /// Mutates the node numbered `target` in pre-order (this node is 0).
    mutating func mutate(at target: Int, using random: inout SplitMix) {
        if target == 0 { mutateHere(using: &random); return }
        var offset = 1
        switch self {
        case var .array(items):
            for i in items.indices {
                let size = items[i].count
                if target < offset + size { items[i].mutate(at: target - offset, using: &random); self = .array(items); return }
                offset += size
            }
        case var .object(members):
            for i in members.indices {
                let size = members[i].1.count
                if target < offset + size { members[i].1.mutate(at: target - offset, using: &random); self = .object(members); return }
                offset += size
            }
        default: break
        }
    }

    private mutating func mutateHere(using random: inout SplitMix) {
        // One time in five: another type altogether.
        if random.below(5) == 0 {
            let replacements: [JSONValue] = [.null, .bool(random.below(2) == 0), .number(Self.edgeNumbers[random.below(Self.edgeNumbers.count)]),
                                             .string(Self.edgeStrings[random.below(Self.edgeStrings.count)]), .array([]),
                                             .array([.number("1")]), .object([])]
            self = replacements[random.below(replacements.count)]
            return
        }
        switch self {
        case .null: self = .number("0")
        case let .bool(value): self = .bool(!value)
        case let .number(text):
            let value = Double(text) ?? 0
            switch random.below(4) {
            case 0: self = .number(Self.edgeNumbers[random.below(Self.edgeNumbers.count)])
            case 1: self = .number(Self.integer(value + 1))
            case 2: self = .number(Self.integer(value - 1))
            default: self = .string(["nan", "inf", "-inf"][random.below(3)])
            }
        case var .string(text):
            switch random.below(4) {
            case 0: self = .string(Self.edgeStrings[random.below(Self.edgeStrings.count)])
            case 1: if !text.isEmpty { text.removeLast(1 + random.below(min(text.count, 8))) }; self = .string(text)
            case 2: self = .string(text + ["AAAA", "A", "=", "AAAAAAAAAAA="][random.below(4)])
            default:
                var scalars = Array(text.unicodeScalars)
                if !scalars.isEmpty { scalars[random.below(scalars.count)] = ["/", "+", "=", "A", "*"].randomScalar(&random) }
                self = .string(String(String.UnicodeScalarView(scalars)))
            }
        case var .array(items):
            switch random.below(4) {
            case 0 where !items.isEmpty: items.remove(at: random.below(items.count))
            case 1 where !items.isEmpty: items.insert(items[random.below(items.count)], at: random.below(items.count + 1))
            case 2: items.append(.number(Self.edgeNumbers[random.below(Self.edgeNumbers.count)]))
            default: items = []
            }
            self = .array(items)
        case var .object(members):
            switch random.below(3) {
            case 0 where !members.isEmpty: members.remove(at: random.below(members.count))
            case 1 where !members.isEmpty:
                // A duplicated key, with another member's value.
                let key = members[random.below(members.count)].0
                members.insert((key, members[random.below(members.count)].1), at: random.below(members.count + 1))
            default:
                if !members.isEmpty {
                    let i = random.below(members.count), j = random.below(members.count)
                    (members[i].1, members[j].1) = (members[j].1, members[i].1)
                }
            }
            self = .object(members)
        }
    }

    /// `value` as an integer literal when it is one, else in Swift's shortest form.
    static func integer(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 9e18 ? String(Int64(value)) : "\(value)"
    }

    func write(to output: inout [UInt8], random: inout SplitMix) {
        switch self {
        case .null: output += Array("null".utf8)
        case let .bool(value): output += Array((value ? "true" : "false").utf8)
        case let .number(text): output += Array(text.utf8)
        case let .string(text): Self.writeString(text, to: &output)
        case let .array(items):
            output.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                item.write(to: &output, random: &random)
            }
            output.append(UInt8(ascii: "]"))
        case let .object(members):
            output.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                value.write(to: &output, random: &random)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), byte]
            case 0..<0x20: output += Array(String(format: "\\u%04x", byte).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension Array where Element == Unicode.Scalar {
    func randomScalar(_ random: inout SplitMix) -> Unicode.Scalar { self[random.below(count)] }
}

/// A recursive-descent JSON parser over bytes (depth ≤ 64), for the mutator only.
struct JSONText {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parse() -> JSONValue? {
        guard let value = value(depth: 0) else { return nil }
        skipSpace()
        return position == bytes.count ? value : nil
    }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
    }

    private mutating func literal(_ text: String) -> Bool {
        let expected = Array(text.utf8)
        guard position + expected.count <= bytes.count, Array(bytes[position..<position + expected.count]) == expected else { return false }
        position += expected.count
        return true
    }

    private mutating func value(depth: Int) -> JSONValue? {
        guard depth < 64 else { return nil }
        skipSpace()
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "["):
            position += 1
            var items: [JSONValue] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            while true {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
                skipSpace()
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                return nil
            }
        case UInt8(ascii: "{"):
            position += 1
            var members: [(String, JSONValue)] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
                position += 1
                guard let item = value(depth: depth + 1) else { return nil }
                members.append((key, item))
                skipSpace()
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                return nil
            }
        default:
            let start = position
            while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
            guard position > start, let text = String(bytes: bytes[start..<position], encoding: .utf8) else { return nil }
            return .number(text)
        }
    }

    /// A string literal (escapes kept only for quotes, backslashes and \uXXXX below 0x80).
    private mutating func string() -> String? {
        position += 1
        var output: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { return String(bytes: output, encoding: .utf8) }
            if byte == UInt8(ascii: "\\") {
                guard position < bytes.count else { return nil }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "u"):
                    guard position + 4 <= bytes.count, let code = UInt8(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16),
                          code < 0x80 else { return nil }
                    output.append(code)
                    position += 4
                default: output.append(escaped)
                }
            } else {
                output.append(byte)
            }
        }
        return nil
    }
}
