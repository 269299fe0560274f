// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "peacetrack",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "peacetrack", targets: ["peacetrack"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // A lock ThreadSanitizer understands, shared by the server and the domain.
        .target(name: "Locking"),
        // Sockets, HTTP/1.1 parsing, connections, routing, responses. No domain knowledge.
        .target(
            name: "HTTPServer",
            dependencies: [
                "CEpoll", "CZlib", "Locking",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // epoll and eventfd (Linux), which Glibc's module does not export.
        .systemLibrary(name: "CEpoll"),
        // zlib, for gzip content coding.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Corpus → documents → sentences → annotations → facts → store snapshot → queries.
        .target(
            name: "PeacetrackCore",
            dependencies: ["Locking", .product(name: "Logging", package: "swift-log")]
        ),
        // The seam: routes, query parameters, JSON, problems, OpenAPI, metrics, writes and events.
        .target(
            name: "PeacetrackAPI",
            dependencies: [
                "HTTPServer", "Locking", "PeacetrackCore", "PeacetrackIngest",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libcurl and libxml2, as Debian's -dev packages provide them.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // Growing the corpus: fetching articles, HTML to text, the durable document archive.
        .target(
            name: "PeacetrackIngest",
            dependencies: ["CCurl", "CLibXML2", "Locking", "PeacetrackCore", .product(name: "Logging", package: "swift-log")]
        ),
        // libpq, as Debian's libpq-dev provides it.
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // The PostgreSQL document store for replicas: no HTTP here.
        .target(
            name: "PeacetrackPostgres",
            dependencies: ["CPostgres", "Locking", "PeacetrackCore", "PeacetrackIngest", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "peacetrack",
            dependencies: [
                "HTTPServer", "Locking", "PeacetrackCore", "PeacetrackAPI", "PeacetrackIngest", "PeacetrackPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "Locking"]),
        .testTarget(name: "PeacetrackCoreTests", dependencies: ["PeacetrackCore"]),
        .testTarget(name: "PeacetrackAPITests", dependencies: ["PeacetrackAPI", "PeacetrackCore", "HTTPServer"]),
        .testTarget(name: "PeacetrackIngestTests", dependencies: ["PeacetrackIngest", "PeacetrackCore"], exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["peacetrack"]),
    ],
    swiftLanguageModes: [.v6]
)
