import Foundation

/// A configuration file that cannot be used: names the file and the field.
struct ConfigurationError: Error, CustomStringConvertible {
    var file: String
    var field: String?
    var problem: String

    var description: String {
        field.map { "\(file): field '\($0)': \(problem)" } ?? "\(file): \(problem)"
    }
}

/// `Config/server.json`. Relative paths are taken from the working directory. Unknown fields
/// are errors, so a misspelt setting is not silently ignored.
struct Configuration {
    var host = "127.0.0.1"
    var port = 8080
    var corpus = "seeds"
    var data = "data"
    var lexicon = "Config/lexicon"
    var dashboard = "dashboard"
    var corsOrigin = "*"
    /// gzip answers for clients that accept it; off behind a proxy that compresses.
    var gzip = true
    var logLevel = "info"
    var maxConnections = 1024
    var maxBodyBytes = 1 << 20
    var maxBufferedBodyBytes = 32 << 20
    var minBodyBytesPerSecond = 1024
    /// Nil: half of `maxConnections`.
    var maxStreams: Int?
    var headerTimeoutSeconds = 10.0
    var idleTimeoutSeconds = 30.0
    /// The environment variable holding the write token; unset or empty disables writing.
    var tokenEnv = "PEACETRACK_TOKEN"
    var allowPrivateNetworks = false
    var fetchConnectTimeoutSeconds = 5.0
    var fetchTimeoutSeconds = 20.0
    var maxConcurrentFetches = 4
    /// An `/events` stream that has carried no event this long is ended.
    var eventsIdleSeconds = 300.0
    /// Articles fetched in the background at startup.
    var sources: [String] = []
    /// How often replicas sharing the data folder look for each other's writes.
    var replicaPollSeconds = 0.5
    /// A libpq connection URI: added and fetched documents then live in PostgreSQL, not in
    /// the data folder. Nil: the folder.
    var postgres: String?

    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    static func load(path: String) throws(ConfigurationError) -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, problem: "cannot be read (missing file?)")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ConfigurationError(file: path, problem: "is not a JSON object")
        }
        var reader = FieldReader(file: path, object: root, prefix: "")
        var configuration = Configuration()
        configuration.host = try reader.string("host") ?? configuration.host
        configuration.port = try reader.int("port", in: 0...65_535) ?? configuration.port
        configuration.corpus = try reader.string("corpus") ?? configuration.corpus
        configuration.data = try reader.string("data") ?? configuration.data
        configuration.lexicon = try reader.string("lexicon") ?? configuration.lexicon
        configuration.dashboard = try reader.string("dashboard") ?? configuration.dashboard
        configuration.corsOrigin = try reader.string("corsOrigin") ?? configuration.corsOrigin
        configuration.logLevel = try reader.string("logLevel", oneOf: logLevels) ?? configuration.logLevel
        configuration.gzip = try reader.bool("gzip") ?? configuration.gzip
        if var limits = try reader.object("limits") {
            configuration.maxConnections = try limits.int("maxConnections", in: 1...1_000_000) ?? configuration.maxConnections
            configuration.maxBodyBytes = try limits.int("maxBodyBytes", in: 1...(1 << 30)) ?? configuration.maxBodyBytes
            configuration.maxBufferedBodyBytes = try limits.int("maxBufferedBodyBytes", in: 1...(1 << 40)) ?? configuration.maxBufferedBodyBytes
            configuration.minBodyBytesPerSecond = try limits.int("minBodyBytesPerSecond", in: 0...(1 << 30)) ?? configuration.minBodyBytesPerSecond
            configuration.maxStreams = try limits.int("maxStreams", in: 0...1_000_000) ?? configuration.maxStreams
            configuration.headerTimeoutSeconds = try limits.seconds("headerTimeoutSeconds") ?? configuration.headerTimeoutSeconds
            configuration.idleTimeoutSeconds = try limits.seconds("idleTimeoutSeconds") ?? configuration.idleTimeoutSeconds
            try limits.rejectUnread()
        }
        configuration.tokenEnv = try reader.string("tokenEnv") ?? configuration.tokenEnv
        if let problem = tokenEnvProblem(configuration.tokenEnv) {
            throw ConfigurationError(file: path, field: "tokenEnv", problem: problem)
        }
        configuration.sources = try reader.strings("sources") ?? configuration.sources
        configuration.replicaPollSeconds = try reader.seconds("replicaPollSeconds") ?? configuration.replicaPollSeconds
        if var fetch = try reader.object("fetch") {
            configuration.allowPrivateNetworks = try fetch.bool("allowPrivateNetworks") ?? configuration.allowPrivateNetworks
            configuration.fetchConnectTimeoutSeconds = try fetch.seconds("connectTimeoutSeconds") ?? configuration.fetchConnectTimeoutSeconds
            configuration.fetchTimeoutSeconds = try fetch.seconds("timeoutSeconds") ?? configuration.fetchTimeoutSeconds
            configuration.maxConcurrentFetches = try fetch.int("maxConcurrent", in: 1...256) ?? configuration.maxConcurrentFetches
            try fetch.rejectUnread()
        }
        if var store = try reader.object("store") {
            configuration.postgres = try store.string("postgres") ?? configuration.postgres
            try store.rejectUnread()
        }
        if var events = try reader.object("events") {
            configuration.eventsIdleSeconds = try events.seconds("idleSeconds") ?? configuration.eventsIdleSeconds
            try events.rejectUnread()
        }
        try reader.rejectUnread()
        if let streams = configuration.maxStreams, streams > configuration.maxConnections {
            throw ConfigurationError(file: path, field: "limits.maxStreams", problem: "must not exceed limits.maxConnections (\(configuration.maxConnections))")
        }
        return configuration
    }

    /// Variables the system or the shell set: a token read from one of them is no secret.
    static let wellKnownVariables: Set<String> = [
        "HOME", "PATH", "USER", "LOGNAME", "SHELL", "PWD", "OLDPWD", "LANG", "LANGUAGE", "TERM", "HOSTNAME", "TMPDIR",
        "TZ", "MAIL", "EDITOR", "VISUAL", "PAGER", "DISPLAY", "SHLVL", "_", "HOSTTYPE", "OSTYPE", "MACHTYPE", "UID", "EUID",
    ]
    static let wellKnownPrefixes = ["LC_", "LD_", "XDG_", "SSH_", "SUDO_", "DBUS_", "KUBERNETES_"]

    /// Why `name` cannot hold the write token, if it cannot.
    static func tokenEnvProblem(_ name: String) -> String? {
        let isNameByte = { (byte: UInt8) in byte == UInt8(ascii: "_") || byte &- UInt8(ascii: "A") < 26 || byte &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 }
        guard let first = name.utf8.first, first &- UInt8(ascii: "0") >= 10, name.utf8.allSatisfy(isNameByte) else {
            return "expected an environment variable name (letters, digits and '_', not starting with a digit)"
        }
        let upper = name.uppercased()
        guard !wellKnownVariables.contains(upper), !wellKnownPrefixes.contains(where: upper.hasPrefix) else {
            return "'\(name)' is a well-known variable the system sets, not a secret; name one of your own, such as PEACETRACK_TOKEN"
        }
        return nil
    }
}

/// Reads typed fields of one JSON object and remembers which were read.
private struct FieldReader {
    let file: String
    let object: [String: Any]
    let prefix: String
    private var read: Set<String> = []

    init(file: String, object: [String: Any], prefix: String) {
        self.file = file
        self.object = object
        self.prefix = prefix
    }

    private mutating func value(_ name: String) -> Any? {
        read.insert(name)
        guard let value = object[name], !(value is NSNull) else { return nil }
        return value
    }

    private func error(_ name: String, _ problem: String) -> ConfigurationError {
        ConfigurationError(file: file, field: prefix + name, problem: problem)
    }

    mutating func string(_ name: String, oneOf options: [String]? = nil) throws(ConfigurationError) -> String? {
        guard let raw = value(name) else { return nil }
        guard let text = raw as? String, !text.isEmpty else { throw error(name, "expected a non-empty string") }
        if let options, !options.contains(text) {
            throw error(name, "expected one of \(options.joined(separator: ", ")), not '\(text)'")
        }
        return text
    }

    mutating func int(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let raw = value(name) else { return nil }
        guard let number = Self.number(raw),
              let whole = Int(exactly: number.doubleValue), range.contains(whole) else {
            throw error(name, "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return whole
    }

    mutating func seconds(_ name: String) throws(ConfigurationError) -> Double? {
        guard let raw = value(name) else { return nil }
        guard let number = Self.number(raw),
              number.doubleValue > 0, number.doubleValue <= 86_400 else {
            throw error(name, "expected a number of seconds above 0 and at most 86400")
        }
        return number.doubleValue
    }

    /// A JSON number; `true`/`false` also arrive as NSNumber (of ObjC type "c") and are refused.
    private static func number(_ raw: Any) -> NSNumber? {
        guard let number = raw as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return number
    }

    mutating func bool(_ name: String) throws(ConfigurationError) -> Bool? {
        guard let raw = value(name) else { return nil }
        guard let number = raw as? NSNumber, String(cString: number.objCType) == "c" else { throw error(name, "expected true or false") }
        return number.boolValue
    }

    mutating func strings(_ name: String) throws(ConfigurationError) -> [String]? {
        guard let raw = value(name) else { return nil }
        guard let list = raw as? [Any], list.allSatisfy({ ($0 as? String)?.isEmpty == false }) else {
            throw error(name, "expected a list of non-empty strings")
        }
        return list.compactMap { $0 as? String }
    }

    mutating func object(_ name: String) throws(ConfigurationError) -> FieldReader? {
        guard let raw = value(name) else { return nil }
        guard let nested = raw as? [String: Any] else { throw error(name, "expected an object") }
        return FieldReader(file: file, object: nested, prefix: prefix + name + ".")
    }

    func rejectUnread() throws(ConfigurationError) {
        if let unknown = object.keys.sorted().first(where: { !read.contains($0) }) {
            throw error(unknown, "unknown field")
        }
    }
}
