import ArgumentParser
import Dispatch
import Foundation
import Locking
import HTTPServer
import Logging
import PeacetrackAPI
import PeacetrackCore
import PeacetrackIngest
import PeacetrackPostgres

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the corpus's facts over HTTP.")

    @Option(help: "Configuration file (default: Config/server.json when it exists, else the built-in defaults).")
    var config: String?
    @Option(help: "Address to listen on (overrides the configuration).")
    var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (overrides the configuration).")
    var port: Int?
    @Option(help: "Folder of seed articles (overrides the configuration).")
    var corpus: String?
    @Option(help: "Folder for added documents (overrides the configuration).")
    var data: String?
    @Option(help: ArgumentHelp(InstalledData.lexiconHelp + " Overrides the configuration.", valueName: "dir"))
    var lexicon: String?
    @Option(help: ArgumentHelp("Folder of the dashboard's files (default: dashboard here, else beside the executable). Overrides the configuration.",
                               valueName: "dir"))
    var dashboard: String?
    @Option(help: ArgumentHelp("PostgreSQL connection URI for added and fetched documents, shared by replicas (default: $\(Self.postgresVariable), else the configuration's store.postgres, else the data folder).",
                               valueName: "uri"))
    var postgres: String?

    static let defaultConfig = "Config/server.json"
    static let postgresVariable = "PEACETRACK_POSTGRES_URL"

    func run() throws {
        var settings: Configuration
        do {
            // Only the default file may be absent: run outside a checkout, serve needs no file.
            let absentDefault = config == nil && !FileManager.default.fileExists(atPath: Self.defaultConfig)
            settings = absentDefault ? Configuration() : try Configuration.load(path: config ?? Self.defaultConfig)
        } catch {
            throw Failure(message: "\(error)", code: 2).exit()
        }
        if let host { settings.host = host }
        if let port {
            guard (0...65_535).contains(port) else { throw Failure(message: "--port must be from 0 to 65535", code: 2).exit() }
            settings.port = port
        }
        if let corpus { settings.corpus = corpus }
        if let data { settings.data = data }

        let logger = Logs.bootstrap(level: settings.logLevel)
        let library: CorpusLibrary
        do {
            let lexicon = try CorpusOptions.loadLexicon(InstalledData.lexicon.locate(explicit: lexicon, configured: settings.lexicon))
            // Texts stay in their files, read again when asked for: a large corpus's facts and
            // indexes fit in memory far longer than its texts would.
            let seeds = try CorpusOptions.loadCorpus(settings.corpus, textsInMemory: false, logger: logger)
            library = CorpusLibrary(seeds: seeds, store: try documentStore(settings, logger: logger), extractor: Extractor(lexicon: lexicon),
                                    cache: FactsCache(dataDirectory: settings.data, lexicon: lexicon, logger: logger), logger: logger)
        } catch let failure as Failure {
            throw failure.exit()
        }
        let snapshot = library.snapshot
        let catalog = Catalog(snapshot)
        let access: WriteAccess
        do {
            access = try WriteAccess(token: ProcessInfo.processInfo.environment[settings.tokenEnv], variable: settings.tokenEnv)
        } catch {
            throw Failure(message: "\(error)", code: 2).exit()
        }
        let fetcher = ArticleFetcher(configuration: .init(
            allowPrivateNetworks: settings.allowPrivateNetworks,
            connectTimeout: .milliseconds(Int64(settings.fetchConnectTimeoutSeconds * 1000)),
            totalTimeout: .milliseconds(Int64(settings.fetchTimeoutSeconds * 1000)),
            maxConcurrentFetches: settings.maxConcurrentFetches))
        let writes = WriteSetup(library: library, fetcher: fetcher, access: access,
                                events: EventHub(idleSeconds: settings.eventsIdleSeconds))
        let dashboardFiles: StaticFiles?
        do {
            dashboardFiles = try StaticFiles(directory: InstalledData.dashboard.locate(explicit: dashboard, configured: settings.dashboard))
        } catch {
            logger.warning("no dashboard: \((error as? Failure)?.message ?? "its folder cannot be read: \(error)")")
            dashboardFiles = nil
        }
        let responder = PeacetrackAPI.responder(
            catalog: catalog, metrics: Metrics(),
            configuration: APIConfiguration(version: Peacetrack.version, gzip: settings.gzip),
            dashboard: dashboardFiles, writes: writes)

        var serverSettings = ServerConfiguration()
        serverSettings.host = settings.host
        serverSettings.port = settings.port
        serverSettings.maxConnections = settings.maxConnections
        serverSettings.maxBodyBytes = settings.maxBodyBytes
        serverSettings.bodyAdmission = PeacetrackAPI.bodyAdmission(access: access)
        serverSettings.maxBufferedBodyBytes = settings.maxBufferedBodyBytes
        serverSettings.minBodyBytesPerSecond = Double(settings.minBodyBytesPerSecond)
        serverSettings.maxStreams = settings.maxStreams
        serverSettings.headerTimeout = settings.headerTimeoutSeconds
        serverSettings.idleTimeout = settings.idleTimeoutSeconds
        serverSettings.commonAnswerFields = PeacetrackAPI.serverAnswerFields(corsOrigin: settings.corsOrigin)
        let server = HTTPServer(configuration: serverSettings, responder: responder, logger: logger,
                                accessLog: logger.logLevel <= .info ? Logs.buffer : nil)
        let boundPort: Int
        do {
            boundPort = try server.start()
        } catch {
            throw Failure(message: "cannot listen on \(settings.host):\(settings.port): \(error)", code: 1).exit()
        }
        logger.notice("listening", metadata: [
            "address": "http://\(settings.host.contains(":") ? "[\(settings.host)]" : settings.host):\(boundPort)",
            "documents": "\(snapshot.documents.count)", "positions": "\(snapshot.positions.count)",
            "estimates": "\(snapshot.estimates.count)", "proposals": "\(snapshot.proposals.count)",
        ])
        library.watchStore()
        fetchSources(settings.sources, into: library, with: fetcher, logger: logger)
        let signals = ShutdownSignals { name in
            logger.notice("stopping", metadata: ["signal": "\(name)"])
            server.shutdown(grace: 4.5) {
                logger.notice("stopped")
                Foundation.exit(0)
            }
        }
        // The main thread waits here rather than in dispatchMain(), which ends it and drops what
        // its stack holds: LeakSanitizer then reports the server as leaked at exit.
        let parked = DispatchSemaphore(value: 0)
        withExtendedLifetime((signals, server)) { parked.wait() }
    }
}

extension Serve {
    /// PostgreSQL when a URI is given (flag, environment, configuration, in that order), else
    /// the data folder.
    private func documentStore(_ settings: Configuration, logger: Logger) throws(Failure) -> any DocumentStore {
        let variable = ProcessInfo.processInfo.environment[Self.postgresVariable].flatMap { $0.isEmpty ? nil : $0 }
        if let url = postgres ?? variable ?? settings.postgres {
            do {
                let store = try PostgresDocumentStore(url: url, logger: logger)
                logger.notice("documents are kept in PostgreSQL")
                return store
            } catch {
                throw Failure(message: "PostgreSQL connection URI: \(error)", code: 2)
            }
        }
        do {
            return FolderStore(archive: try DocumentArchive(dataDirectory: settings.data, logger: logger), pollEvery: settings.replicaPollSeconds)
        } catch {
            throw Failure(message: "data folder \(settings.data): \(error)", code: 1)
        }
    }
}

/// Fetches the configured source articles in the background, one after another (so that they
/// never take every fetch slot), logging each result without the URL's credentials.
private func fetchSources(_ urls: [String], from index: Int = 0, into library: CorpusLibrary, with fetcher: ArticleFetcher,
                          logger: Logger) {
    guard index < urls.count else { return }
    library.fetch(urls[index], with: fetcher) { result in
        var metadata: Logger.Metadata = ["source": "\(index + 1) of \(urls.count)", "url": "\(DocumentRules.withoutCredentials(urls[index]))"]
        switch result {
        case .success:
            metadata["status"] = "added"
            logger.info("source fetched", metadata: metadata)
        case .failure(let error) where error.status == 409:
            // Fetched at an earlier start: the data folder keeps it.
            metadata["status"] = "already in the corpus"
            logger.info("source fetched", metadata: metadata)
        case .failure(let error):
            metadata["status"] = "\(error.status)"
            metadata["reason"] = "\(error)"
            logger.warning("source not added", metadata: metadata)
        }
        fetchSources(urls, from: index + 1, into: library, with: fetcher, logger: logger)
    }
}

/// SIGTERM and SIGINT start a graceful stop, once.
final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]

    init(onSignal: @escaping @Sendable (String) -> Void) {
        let once = DispatchQueue(label: "peacetrack.signals")
        let fired = OnceFlag()
        sources = [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: once)
            source.setEventHandler { if fired.claim() { onSignal(name) } }
            source.resume()
            return source
        }
    }
}

/// True the first time only.
final class OnceFlag: Sendable {
    private let state = Locked(false)

    func claim() -> Bool {
        state.withLock { done in
            defer { done = true }
            return !done
        }
    }
}
