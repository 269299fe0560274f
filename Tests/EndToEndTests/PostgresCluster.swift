import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster of Debian's `postgresql` package: initdb in a temporary
/// folder, the server in the foreground as a child of the tests (not daemonised by pg_ctl,
/// whose server would keep open the descriptor by which Foundation notices that a child
/// exited), on a Unix socket in the folder only: no TCP port to collide with anything. The
/// server refuses to run as root, so under root it runs as the `postgres` user, which owns the
/// folder. Missing binaries are an error, not a skip: `make test` installs them.
final class PostgresCluster: @unchecked Sendable {
    let folder: URL
    private let binaries: URL
    private var server: Process?
    private var data: URL { folder.appendingPathComponent("data") }

    /// For `store.postgres`: the socket folder as host, the bootstrap superuser.
    var url: String { "postgresql:///postgres?host=\(folder.path)&user=postgres" }

    init() throws {
        binaries = try Self.findBinaries()
        folder = URL(fileURLWithPath: "/tmp/peacetrack-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if getuid() == 0 {
            guard let user = getpwnam("postgres") else { throw ClusterError("no 'postgres' user to run PostgreSQL as (install Debian's postgresql package)") }
            chown(folder.path, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        let initdb = try launch("initdb", "-D", data.path, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        initdb.waitUntilExit()
        guard initdb.terminationStatus == 0 else { throw ClusterError("initdb failed:\n\(log)") }
        try start()
    }

    /// Starts the server and waits until it accepts connections.
    func start() throws {
        let server = try launch("postgres", "-D", data.path, "-k", folder.path, "-c", "listen_addresses=")
        self.server = server
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, server.isRunning {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".s.PGSQL.5432").path), accepts() { return }
            usleep(50_000)
        }
        throw ClusterError("PostgreSQL did not start:\n\(log)")
    }

    /// A fast shutdown (SIGINT): every session is ended, as when the database goes down.
    func stop() {
        guard let server, server.isRunning else { return }
        kill(server.processIdentifier, SIGINT)
        server.waitUntilExit()
    }

    deinit {
        if let server, server.isRunning {
            kill(server.processIdentifier, SIGQUIT)
            server.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    private var log: String { (try? String(contentsOf: folder.appendingPathComponent("log"), encoding: .utf8)) ?? "" }

    private func accepts() -> Bool {
        guard let probe = try? launch("pg_isready", "-q", "-h", folder.path, "-U", "postgres") else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    private static func findBinaries() throws -> URL {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        guard let bin = versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }).lazy
            .map({ root.appendingPathComponent($0).appendingPathComponent("bin") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("initdb").path) }) else {
            throw ClusterError("PostgreSQL's server binaries are not installed (no /usr/lib/postgresql/*/bin/initdb): "
                               + "`apt-get install postgresql`, or run `make test`, which installs them")
        }
        return bin
    }

    /// Starts a PostgreSQL program, as `postgres` under root (setpriv executes it in place, so
    /// the process is the program itself), its output appended to the folder's log.
    private func launch(_ program: String, _ arguments: String...) throws -> Process {
        let process = Process()
        let path = binaries.appendingPathComponent(program).path
        if getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        }
        let logPath = folder.appendingPathComponent("log").path
        guard FileManager.default.fileExists(atPath: logPath) || FileManager.default.createFile(atPath: logPath, contents: nil),
              let output = FileHandle(forWritingAtPath: logPath) else { throw ClusterError("cannot write \(logPath)") }
        output.seekToEndOfFile()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        process.currentDirectoryURL = folder
        try process.run()
        return process
    }

    struct ClusterError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
