# Build with the official Swift image, run on slim Debian with only what the binary needs.
FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4-openssl-dev libxml2-dev zlib1g-dev libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so source edits do not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY Sources Sources
COPY Tests Tests
RUN swift build -c release --static-swift-stdlib --product peacetrack \
 && cp "$(swift build -c release --show-bin-path)/peacetrack" /peacetrack

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4 libxml2 zlib1g libpq5 libstdc++6 ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin peacetrack
WORKDIR /app
COPY --from=build /peacetrack /usr/local/bin/peacetrack
# Beside the executable, where every command looks when the working directory has no copy.
COPY Config/lexicon /usr/local/share/peacetrack/Config/lexicon
COPY dashboard /usr/local/share/peacetrack/dashboard
COPY Config/server.json Config/server.json
COPY seeds seeds
RUN mkdir data && chown peacetrack:peacetrack data
USER peacetrack
EXPOSE 8080
CMD ["peacetrack", "serve", "--host", "0.0.0.0", "--port", "8080"]
