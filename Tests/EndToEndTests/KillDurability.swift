import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The SIGKILL check every store must pass: 200 writes from four clients, SIGKILL after 100
/// acknowledgements; then, on the same store, every acknowledged document is there with its
/// whole text, and nothing else but whole documents written just before the kill.
enum KillDurability {
    static func check(writer first: ServerProcess, restart: () throws -> ServerProcess) throws {
        let texts = (0..<200).map { "Article \($0): Portugal is considering sending troops to the mission, Lisbon said on day \($0)." }
        let acknowledged = Acknowledgements()
        let killed = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            while acknowledged.count < 100 { usleep(1_000) }
            kill(first.process.processIdentifier, SIGKILL)
            killed.signal()
        }
        DispatchQueue.concurrentPerform(iterations: 4) { client in
            for index in stride(from: client, to: texts.count, by: 4) {
                let body = WriteAPITests.json(["text": texts[index], "id": "kill-\(index)"])
                guard let answer = try? first.request("POST", "/documents", body: body, headers: WriteAPITests.auth) else { return }
                if answer.status == 201 { acknowledged.insert(index) }
            }
        }
        killed.wait()
        first.stop()
        let saved = acknowledged.indices
        #expect(saved.count >= 100)
        #expect(saved.count < texts.count, "the kill came after every write")

        let second = try restart()
        defer { second.stop() }
        let listed = try second.get("/documents?source=added&limit=500").items.compactMap { $0["id"] as? String }
        #expect(Set(saved.map { "kill-\($0)" }).isSubset(of: Set(listed)))
        for id in listed {
            let index = Int(id.dropFirst("kill-".count)) ?? -1
            #expect(try second.get("/documents/\(id)").json["text"] as? String == texts[index], "\(id)")
        }
    }
}
