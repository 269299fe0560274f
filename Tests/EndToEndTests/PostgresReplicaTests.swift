import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Replicas of the real binary on one real PostgreSQL (issue 18): writes seen everywhere within
/// a second, duplicates decided by the database, acknowledged writes surviving SIGKILL, and the
/// database going away and coming back under traffic. One test at a time: each starts its own
/// cluster, and the timings mean little on a machine busy with the others.
@Suite(.serialized) struct PostgresReplicaTests {
    static let auth = WriteAPITests.auth

    func replica(on cluster: PostgresCluster) throws -> ServerProcess {
        try ServerProcess(config: ["store": ["postgres": cluster.url]], environment: ["PEACETRACK_TOKEN": WriteAPITests.token])
    }

    func post(_ server: ServerProcess, id: String, text: String) -> Int {
        (try? server.request("POST", "/documents", body: WriteAPITests.json(["text": text, "id": id]), headers: Self.auth).status) ?? 0
    }

    /// Seconds until `condition` holds, polling every 20 ms; nil when it did not within `limit`.
    func secondsUntil(_ limit: Double, _ condition: () -> Bool) -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < limit {
            if condition() { return Date().timeIntervalSince(start) }
            usleep(20_000)
        }
        return nil
    }

    func lists(_ server: ServerProcess, _ id: String) -> Bool {
        let listed = (try? server.get("/documents?source=added&limit=500").items.compactMap { $0["id"] as? String }) ?? []
        return listed.contains(id)
    }

    @Test func aWriteOnOneReplicaIsServedByTheOtherWithinASecond() throws {
        let cluster = try PostgresCluster()
        let first = try replica(on: cluster), second = try replica(on: cluster)
        defer { first.stop(); second.stop() }

        #expect(post(first, id: "belgium", text: "Belgium backs the reassurance force.") == 201)
        let seen = secondsUntil(1) { lists(second, "belgium") }
        #expect(seen != nil, "the other replica lists the document within 1 s")
        #expect(try second.get("/documents/belgium").json["text"] as? String == "Belgium backs the reassurance force.")

        #expect(try second.request("DELETE", "/documents/belgium", headers: Self.auth).status == 204)
        #expect(secondsUntil(1) { (try? first.get("/documents/belgium").status) == 404 } != nil, "a removal reaches the other replica too")

        // Both replicas writing one id at once, then one text under two ids: the database's
        // constraints let exactly one of each pair through.
        for (ids, text) in [(["race", "race"], "Iceland is considering a role in the mission."),
                            (["copy-a", "copy-b"], "Malta is weighing a role in the mission.")] {
            let statuses = Statuses()
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                statuses.append(post([first, second][index], id: ids[index], text: text))
            }
            #expect(statuses.sorted == [201, 409], "\(ids)")
        }
        // A replica started later (given the database by the environment) reads what the others
        // wrote, and a removed id can be used again.
        #expect(post(first, id: "belgium", text: "Belgium backs the force again.") == 201)
        let third = try ServerProcess(environment: ["PEACETRACK_TOKEN": WriteAPITests.token, "PEACETRACK_POSTGRES_URL": cluster.url])
        defer { third.stop() }
        #expect(lists(third, "race") && lists(third, "belgium"))
        #expect(secondsUntil(1) { lists(second, "belgium") } != nil)
    }

    /// 200 writes from four clients, SIGKILL after 100 acknowledgements: every acknowledged
    /// document is in the database, and served whole after a restart.
    @Test func acknowledgedWritesSurviveSIGKILL() throws {
        let cluster = try PostgresCluster()
        try KillDurability.check(writer: try replica(on: cluster)) { try replica(on: cluster) }
    }

    /// The database stopped for 10 s under reads: no read fails, writes are 503 with
    /// Retry-After, /health is degraded and /health/ready 503; once it is back, writes succeed
    /// within 5 s, and the other replica catches up with what it missed, without restarts.
    @Test func theDatabaseGoingAwayDegradesAndComesBack() throws {
        let cluster = try PostgresCluster()
        let first = try replica(on: cluster), second = try replica(on: cluster)
        defer { first.stop(); second.stop() }
        #expect(secondsUntil(2) { (try? first.get("/health/ready").status) == 200 } != nil)

        let reading = Reading(servers: [first, second])
        reading.start()
        cluster.stop()
        let down = Date()

        #expect(secondsUntil(2) { (try? first.get("/health").json["status"] as? String) == "degraded" } != nil)
        let health = try first.get("/health")
        #expect(health.status == 200)
        #expect((health.json["reason"] as? String)?.isEmpty == false)
        #expect(health.json["documents"] as? Int == 5, "/health keeps its fields")
        let ready = try first.get("/health/ready")
        #expect(ready.status == 503)
        #expect(ready.header("content-type") == "application/problem+json")
        let refused = try first.request("POST", "/documents", body: WriteAPITests.json(["text": "Greece weighs a role.", "id": "greece"]),
                                        headers: Self.auth)
        #expect(refused.status == 503)
        #expect(refused.header("retry-after") != nil)
        #expect(refused.header("content-type") == "application/problem+json")

        usleep(useconds_t(max(0, 10 - Date().timeIntervalSince(down)) * 1_000_000))
        try cluster.start()
        let resumed = secondsUntil(5) { post(first, id: "greece", text: "Greece weighs a role.") == 201 }
        #expect(resumed != nil, "writes succeed again within 5 s of the database's return")
        // The other replica's listener was waiting out its backoff (up to 5 s) when that write
        // committed: it learns of it by catching up once reconnected.
        #expect(secondsUntil(7) { lists(second, "greece") } != nil)
        // Readiness returns once each listener is back, at its next try: within the 5 s cap.
        for server in [first, second] {
            #expect(secondsUntil(6) { (try? server.get("/health/ready").status) == 200 } != nil)
            #expect(try server.get("/health").json["status"] as? String == "ok")
        }

        let (reads, failures) = reading.stop()
        #expect(reads > 100)
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    /// A replica cannot read the database at startup: it serves the seeds, not ready, and reads
    /// the documents once the database is back.
    @Test func aReplicaStartedWhileTheDatabaseIsDownCatchesUpOnceItIsBack() throws {
        let cluster = try PostgresCluster()
        do {
            let writer = try replica(on: cluster)
            defer { writer.stop() }
            #expect(post(writer, id: "latvia", text: "Latvia is ready to send troops to the mission.") == 201)
        }
        cluster.stop()
        let late = try replica(on: cluster)
        defer { late.stop() }
        #expect(try late.get("/health/ready").status == 503)
        #expect(try late.get("/documents/latvia").status == 404)
        #expect(try late.get("/health").json["documents"] as? Int == 5)
        try cluster.start()
        #expect(secondsUntil(6) { lists(late, "latvia") } != nil)
        #expect(try late.get("/health/ready").status == 200)
    }

    /// Whichever way it comes (configuration, flag), a URI libpq cannot parse stops the server
    /// at once, naming the setting.
    @Test func aMalformedURIIsAStartupError() throws {
        for (config, arguments) in [(["store": ["postgres": "postgresql://[::1/db"]], []),
                                    ([:], ["--postgres", "postgresql://host/db?nonsense=1"])] {
            let error = try #require(throws: ServerProcess.StartError.self) {
                try ServerProcess(config: config, arguments: arguments)
            }
            #expect(error.log.contains("PostgreSQL connection URI"), "\(error.log)")
        }
    }
}

/// Statuses of concurrent requests.
final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []

    func append(_ status: Int) { lock.withLock { list.append(status) } }
    var sorted: [Int] { lock.withLock { list.sorted() } }
}

/// Reads lists and records from servers in a loop on a background thread, noting every answer
/// that is not a 200.
final class Reading: @unchecked Sendable {
    private let servers: [ServerProcess]
    private let lock = NSLock()
    private var running = true
    private var reads = 0
    private var failures: [String] = []
    private let done = DispatchSemaphore(value: 0)

    init(servers: [ServerProcess]) { self.servers = servers }

    func start() {
        DispatchQueue.global().async {
            let targets = ["/positions", "/documents", "/countries/FR", "/health"]
            var index = 0
            while self.lock.withLock({ self.running }) {
                let server = self.servers[index % self.servers.count], target = targets[index % targets.count]
                let status = (try? server.get(target).status) ?? 0
                self.lock.withLock {
                    self.reads += 1
                    if status != 200 { self.failures.append("\(target): \(status)") }
                }
                index += 1
                usleep(5_000)
            }
            self.done.signal()
        }
    }

    func stop() -> (reads: Int, failures: [String]) {
        lock.withLock { running = false }
        done.wait()
        return lock.withLock { (reads, failures) }
    }
}
