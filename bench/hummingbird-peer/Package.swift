// swift-tools-version: 6.1
// A minimal Hummingbird 2 server returning the same bytes as peacetrack, for `make bench`
// only: never a dependency of the product.
import PackageDescription

let package = Package(
    name: "BenchServer",
    platforms: [.macOS(.v14)],
    dependencies: [.package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1")],
    targets: [
        .executableTarget(name: "BenchServer", dependencies: [.product(name: "Hummingbird", package: "hummingbird")]),
    ]
)
