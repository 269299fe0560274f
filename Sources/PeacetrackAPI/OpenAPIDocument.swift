import HTTPServer

/// The OpenAPI 3.1 description of every endpoint, served at `/openapi.json`.
enum OpenAPIDocument {
    /// `countries`: every spelling a `country` parameter is sure to accept (codes and names).
    static func json(version: String, countries: [String]) -> String {
        #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "peacetrack",
            "version": "\#(version)",
            "summary": "Citable facts about the debate over a European peacekeeping force for Ukraine.",
            "description": "Positions, force-size estimates and proposals extracted from news articles. Every record carries evidence: the sentence and the document it was read from, with offsets in Unicode scalar values, and evidenceCount, how many such entries it has. In lists a record carries at most 3 entries (dated statements first, newest first, then in document order), and a proposal at most its first 3 estimate ids with estimateCount, unless evidence=all asks for every one; single records (/positions/{id}, /estimates/{id}, /proposals/{id}) and the records of /countries/{code} and /documents/{id} carry every entry. Lists are ordered by their first evidence (document id, then offset), then by id, or with order=date newest statement first; since and until keep the records with an evidence date in that range. Each evidence entry has date: the day (or, with datePrecision month, the month) its sentence says the statement was made, resolved against the document's publication date, else that publication date, else null. Every GET answer has an ETag of its own representation, which changes with the corpus; If-None-Match answers 304. Lists answer CSV too (format=csv or Accept: text/csv). Answers of 1 KiB or more are gzip-compressed for clients that send Accept-Encoding: gzip (Vary: Accept-Encoding; the ETag is then marked weak). Errors are RFC 9457 problem details."
          },
          "paths": {
            "/positions": {
              "get": {
                "operationId": "listPositions", "summary": "Stated positions of countries and organisations",
                "parameters": [
                  {"$ref": "#/components/parameters/country"},
                  {"name": "stance", "in": "query", "schema": {"$ref": "#/components/schemas/Stance"}},
                  {"name": "actor", "in": "query", "description": "Case-insensitive substring of the actor's name.", "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^\\u0000]*[^\\u0000 \\t][^\\u0000]*$"}},
                  {"$ref": "#/components/parameters/document"}, {"$ref": "#/components/parameters/evidence"},
                  {"$ref": "#/components/parameters/since"}, {"$ref": "#/components/parameters/until"}, {"$ref": "#/components/parameters/order"},
                  {"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/format"}
                ],
                "responses": {
                  "200": {"description": "A page of positions", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PositionList"}}, "text/csv": {"schema": {"$ref": "#/components/schemas/CSV"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/positions/{id}": {
              "get": {
                "operationId": "getPosition", "summary": "One position",
                "parameters": [{"$ref": "#/components/parameters/id"}],
                "responses": {
                  "200": {"description": "The position", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Position"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "404": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/estimates": {
              "get": {
                "operationId": "listEstimates", "summary": "Force-size estimates",
                "parameters": [
                  {"name": "unit", "in": "query", "schema": {"$ref": "#/components/schemas/Unit"}},
                  {"$ref": "#/components/parameters/document"},
                  {"name": "min", "in": "query", "description": "Keep estimates whose range reaches at least this figure.", "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647}},
                  {"name": "max", "in": "query", "description": "Keep estimates whose range starts at most at this figure. Below min, the range is empty and so is the list.", "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647}},
                  {"$ref": "#/components/parameters/evidence"},
                  {"$ref": "#/components/parameters/since"}, {"$ref": "#/components/parameters/until"}, {"$ref": "#/components/parameters/order"},
                  {"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/format"}
                ],
                "responses": {
                  "200": {"description": "A page of estimates", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EstimateList"}}, "text/csv": {"schema": {"$ref": "#/components/schemas/CSV"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/estimates/{id}": {
              "get": {
                "operationId": "getEstimate", "summary": "One estimate",
                "parameters": [{"$ref": "#/components/parameters/id"}],
                "responses": {
                  "200": {"description": "The estimate", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Estimate"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "404": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/proposals": {
              "get": {
                "operationId": "listProposals", "summary": "Proposals for the force",
                "parameters": [
                  {"$ref": "#/components/parameters/country"},
                  {"name": "q", "in": "query", "description": "Words that must all occur in the summary or the evidence, case-insensitively.", "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^\\u0000]*[^\\u0000 \\t][^\\u0000]*$"}},
                  {"$ref": "#/components/parameters/document"},
                  {"name": "estimate", "in": "query", "description": "Keep proposals stated with this estimate (by id), whether or not a list item shows it among its first 3.", "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^\\u0000]*[^\\u0000 \\t][^\\u0000]*$"}},
                  {"$ref": "#/components/parameters/evidence"},
                  {"$ref": "#/components/parameters/since"}, {"$ref": "#/components/parameters/until"}, {"$ref": "#/components/parameters/order"},
                  {"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/format"}
                ],
                "responses": {
                  "200": {"description": "A page of proposals", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProposalList"}}, "text/csv": {"schema": {"$ref": "#/components/schemas/CSV"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/proposals/{id}": {
              "get": {
                "operationId": "getProposal", "summary": "One proposal",
                "parameters": [{"$ref": "#/components/parameters/id"}],
                "responses": {
                  "200": {"description": "The proposal", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Proposal"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "404": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/countries": {
              "get": {
                "operationId": "listCountries", "summary": "Every country or organisation with data, ordered by code",
                "parameters": [{"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/format"}],
                "responses": {
                  "200": {"description": "A page of countries", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CountryList"}}, "text/csv": {"schema": {"$ref": "#/components/schemas/CSV"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/countries/{code}": {
              "get": {
                "operationId": "getCountry", "summary": "One country: its positions, proposals and actors",
                "parameters": [{"name": "code", "in": "path", "required": true, "description": "Alpha-2 or alpha-3 code, English name, common alias (UK, USA) or adjective (French), case-insensitive. A known country without data is 200 with empty lists; an unknown one is 404 with the accepted spellings (a capital such as Paris names its country).", "schema": {"type": "string", "minLength": 1, "pattern": "^[^\\u0000]+$"}}],
                "responses": {
                  "200": {"description": "The country; known countries without data have empty lists", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CountryDetail"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "404": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/countries/{code}/timeline": {
              "get": {
                "operationId": "getCountryTimeline", "summary": "A country's dated statements in date order, and the changes of stance between them",
                "description": "items: every dated evidence entry of the country's positions, oldest first (then by document and offset). A change is a statement whose stance differs from the one before it. undated counts the entries without a date, which are left out.",
                "parameters": [{"name": "code", "in": "path", "required": true, "description": "As for /countries/{code}.", "schema": {"type": "string", "minLength": 1, "pattern": "^[^\\u0000]+$"}}],
                "responses": {
                  "200": {"description": "The timeline; known countries without data have empty lists", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Timeline"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "404": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/documents": {
              "get": {
                "operationId": "listDocuments", "summary": "The corpus, ordered by id",
                "parameters": [
                  {"name": "source", "in": "query", "schema": {"type": "string", "enum": ["seed", "added", "fetched"]}},
                  {"name": "since", "in": "query", "description": "Keep documents published on or after this day (YYYY-MM-DD); undated documents match no range. After until, a 400 problem.", "schema": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}},
                  {"name": "until", "in": "query", "description": "Keep documents published on or before this day (YYYY-MM-DD).", "schema": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}},
                  {"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/format"}
                ],
                "responses": {
                  "200": {"description": "A page of documents", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DocumentList"}}, "text/csv": {"schema": {"$ref": "#/components/schemas/CSV"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"}
                }
              },
              "post": {
                "operationId": "addDocument", "summary": "Add an article; answered once it is durable and served",
                "description": "A request without a valid token is answered from its head (no 100 Continue) and its body is not read.",
                "security": [{"bearer": []}],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/DocumentSubmission"}},
                    "text/plain": {"schema": {"$ref": "#/components/schemas/ArticleText"}}
                  }
                },
                "responses": {
                  "201": {"description": "Added", "headers": {"Location": {"$ref": "#/components/headers/Location"}, "ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Problem"},
                  "409": {"$ref": "#/components/responses/Problem"},
                  "413": {"$ref": "#/components/responses/Problem"},
                  "415": {"$ref": "#/components/responses/Problem"},
                  "503": {"$ref": "#/components/responses/Busy"}
                }
              }
            },
            "/documents/fetch": {
              "post": {
                "operationId": "fetchDocument", "summary": "Fetch an article by URL (http or https, public addresses only) and add it",
                "security": [{"bearer": []}],
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {
                    "type": "object", "required": ["url"], "additionalProperties": false,
                    "properties": {"url": {"$ref": "#/components/schemas/WebURL"}}
                  }}}
                },
                "responses": {
                  "201": {"description": "Fetched and added", "headers": {"Location": {"$ref": "#/components/headers/Location"}, "ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Problem"},
                  "409": {"$ref": "#/components/responses/Problem"},
                  "413": {"$ref": "#/components/responses/Problem"},
                  "415": {"$ref": "#/components/responses/Problem"},
                  "422": {"$ref": "#/components/responses/Problem"},
                  "502": {"$ref": "#/components/responses/Problem"},
                  "503": {"$ref": "#/components/responses/Busy"},
                  "504": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/documents/{id}": {
              "get": {
                "operationId": "getDocument", "summary": "One document with its text and the records found in it",
                "parameters": [{"$ref": "#/components/parameters/id"}],
                "responses": {
                  "200": {"description": "The document", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DocumentDetail"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "404": {"$ref": "#/components/responses/Problem"}
                }
              },
              "delete": {
                "operationId": "deleteDocument", "summary": "Remove an added or fetched document (seeds are read-only)",
                "security": [{"bearer": []}],
                "parameters": [{"name": "id", "in": "path", "required": true, "description": "Added and fetched documents have ids of this form.", "schema": {"type": "string", "pattern": "^[a-z0-9_-]{1,64}$"}}],
                "responses": {
                  "204": {"description": "Removed"},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Problem"},
                  "404": {"$ref": "#/components/responses/Problem"},
                  "503": {"$ref": "#/components/responses/Busy"}
                }
              }
            },
            "/events": {
              "get": {
                "operationId": "events", "summary": "Server-Sent Events: the corpus state, then document.added, document.removed and stance.changed as they happen",
                "description": "The first event, corpus, carries {\"counts\": {documents, positions, estimates, proposals}, \"etag\": the current ETag}. Then each document.added or document.removed event (with an id) carries the same plus \"id\", the document's id. A stance.changed event (with an id) follows a change that gives a country a latest dated statement of another stance: {\"country\", \"date\", \"from\", \"to\", \"position\", \"document\"}. A comment every 15 s keeps the stream open. A stream that has carried no event for the server's events.idleSeconds (300 by default) ends: reconnect with Last-Event-ID.",
                "parameters": [{"name": "Last-Event-ID", "in": "header", "description": "Replays the events after this one that the process still remembers.", "schema": {"type": "string"}}],
                "responses": {
                  "200": {"description": "An event stream", "content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/CorpusEvent"}}}},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "503": {"$ref": "#/components/responses/Busy"}
                }
              }
            },
            "/health": {
              "get": {
                "operationId": "health", "summary": "Liveness and store size",
                "description": "200 while the process serves. status is degraded, with a reason, while the document store (PostgreSQL) cannot be reached: reads go on from memory, writes answer 503.",
                "responses": {
                  "200": {"description": "Serving", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/health/ready": {
              "get": {
                "operationId": "ready", "summary": "Readiness: whether this replica can reach its document store",
                "responses": {
                  "200": {"description": "Ready", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "const": "ready"}}}}}},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "503": {"$ref": "#/components/responses/Busy"}
                }
              }
            },
            "/openapi.json": {
              "get": {
                "operationId": "openAPI", "summary": "This document",
                "responses": {
                  "200": {"description": "OpenAPI 3.1", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"type": "object"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/metrics": {
              "get": {
                "operationId": "metrics", "summary": "Prometheus metrics: requests by route and status, latency histogram, store size",
                "responses": {
                  "200": {"description": "Prometheus text format 0.0.4", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"text/plain": {"schema": {"type": "string"}}}},
                  "304": {"$ref": "#/components/responses/NotModified"},
                  "400": {"$ref": "#/components/responses/Problem"}
                }
              }
            }
          },
          "components": {
            "parameters": {
              "country": {"name": "country", "in": "query", "description": "Alpha-2 or alpha-3 code, English name, common alias (UK, Britain, USA, America) or adjective (French, British), case-insensitive; the enum lists the codes and names. Unknown values are a 400 problem, which names the country a capital (Paris) stands for.", "schema": {"type": "string", "enum": [\#(countries.map(JSONString.quoted).joined(separator: ", "))]}},
              "document": {"name": "document", "in": "query", "description": "Keep records with evidence in this document.", "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^\\u0000]*[^\\u0000 \\t][^\\u0000]*$"}},
              "evidence": {"name": "evidence", "in": "query", "description": "all: every evidence entry of each record (and every estimate id of a proposal); listed (the default): at most 3, dated statements first, newest first, then in document order (and a proposal's first 3 estimate ids).", "schema": {"type": "string", "enum": ["listed", "all"], "default": "listed"}},
              "format": {"name": "format", "in": "query", "description": "json (the default) or csv: RFC 4180, UTF-8, a header row, one row per item of the page (records end with their first evidence sentence, its document and publication date, and the date of that statement, and the evidence count). Without it, an Accept that prefers text/csv to application/json chooses CSV.", "schema": {"type": "string", "enum": ["json", "csv"]}},
              "since": {"name": "since", "in": "query", "description": "Keep records with an evidence date on or after this day (YYYY-MM-DD). Undated evidence matches no range; a month-only date counts as the first of its month. After until, a 400 problem.", "schema": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}},
              "until": {"name": "until", "in": "query", "description": "Keep records with an evidence date on or before this day (YYYY-MM-DD).", "schema": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}},
              "order": {"name": "order", "in": "query", "description": "document (the default): by the document and offset of each record's first evidence, then id, stable as the corpus grows; date: newest statement first (each record's latest evidence date), undated records last in document order.", "schema": {"type": "string", "enum": ["document", "date"], "default": "document"}},
              "limit": {"name": "limit", "in": "query", "description": "Page size, default 50.", "schema": {"type": "integer", "minimum": 0, "maximum": 500, "default": 50}},
              "offset": {"name": "offset", "in": "query", "description": "Items to skip, default 0.", "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647, "default": 0}},
              "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1, "pattern": "^[^\\u0000]+$"}}
            },
            "headers": {
              "ETag": {"description": "One per representation: on data answers the corpus version and a hash of the path and query (and the format), so it changes whenever the corpus changes and is never current for another URL.", "schema": {"type": "string"}},
              "Location": {"description": "Where the new document is served.", "schema": {"type": "string"}}
            },
            "securitySchemes": {
              "bearer": {"type": "http", "scheme": "bearer", "description": "The token in the environment variable the server config names (PEACETRACK_TOKEN by default). Without one, writes answer 403."}
            },
            "responses": {
              "NotModified": {"description": "The If-None-Match tag is current; no body.", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}},
              "Problem": {"description": "RFC 9457 problem details", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
              "Busy": {"description": "The server is at a limit (streams, fetches under way, request bodies being received) or cannot reach its document store; try again after Retry-After seconds", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
              "Unauthorized": {"description": "A missing or wrong token; wrong tokens repeated from one address are answered ever later", "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}}, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            },
            "schemas": {
              "CSV": {"type": "string", "description": "text/csv; charset=utf-8; header=present"},
              "Problem": {
                "type": "object", "required": ["type", "title", "status", "detail"],
                "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}}
              },
              "CorpusEvent": {
                "type": "object", "required": ["event", "data"], "description": "One event of the stream, as its fields.",
                "properties": {
                  "event": {"type": "string", "enum": ["corpus", "document.added", "document.removed"]},
                  "id": {"type": "string", "pattern": "^[0-9]+$"},
                  "data": {"type": "string", "contentMediaType": "application/json", "contentSchema": {"$ref": "#/components/schemas/CorpusState"}},
                  "retry": {"type": "integer"}
                }
              },
              "CorpusState": {
                "type": "object", "required": ["counts", "etag"],
                "properties": {
                  "id": {"type": "string", "description": "The document added or removed; absent from the corpus event."},
                  "counts": {"type": "object", "required": ["documents", "positions", "estimates", "proposals"], "properties": {"documents": {"type": "integer"}, "positions": {"type": "integer"}, "estimates": {"type": "integer"}, "proposals": {"type": "integer"}}},
                  "etag": {"type": "string"}
                }
              },
              "ArticleText": {"type": "string", "pattern": "^[^\\u0000]*[^\\u0000\\t\\n\\u000b\\u000c\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$", "description": "At most 2 MiB of UTF-8 (413 beyond), not only whitespace, without NUL (U+0000)."},
              "WebURL": {"type": "string", "format": "uri", "maxLength": 2048, "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#]"},
              "DocumentSubmission": {
                "type": "object", "required": ["text"], "additionalProperties": false,
                "properties": {
                  "text": {"$ref": "#/components/schemas/ArticleText"},
                  "title": {"type": ["string", "null"], "minLength": 1, "maxLength": 300, "pattern": "^[^\\u0000\\n\\u000b\\u000c\\r\\u0085\\u2028\\u2029]*$", "description": "One line, without NUL."},
                  "url": {"oneOf": [{"$ref": "#/components/schemas/WebURL"}, {"type": "null"}], "description": "Where the article was published."},
                  "id": {"type": ["string", "null"], "pattern": "^[a-z0-9_-]{1,64}$", "not": {"const": "fetch"}, "description": "Derived from the title, else from a hash of the text, when absent. 'fetch' is a word of the API's paths, not an id."},
                  "published": {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}, {"type": "null"}], "description": "RFC 3339 date or date-time."}
                }
              },
              "Stance": {"type": "string", "enum": ["supports", "opposes", "considering", "conditional", "undecided"]},
              "Unit": {"type": "string", "enum": ["troops", "countries"]},
              "Evidence": {
                "type": "object", "required": ["document", "sentence", "start", "end", "date", "datePrecision", "dateSource"],
                "description": "start and end are offsets in Unicode scalar values into the document's text. date is when the statement was made: the day or month the sentence names (resolved against the document's publication date), else the publication date, else null.",
                "properties": {"document": {"type": "string"}, "sentence": {"type": "string"}, "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0},
                  "date": {"type": ["string", "null"], "format": "date"},
                  "datePrecision": {"enum": ["day", "month", null], "description": "month: only the month is known and date is its first day."},
                  "dateSource": {"enum": ["sentence", "published", null], "description": "sentence: the sentence names the date; published: the document's publication date stands in."}}
              },
              "EvidenceList": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Evidence"}},
              "EvidenceCount": {"type": "integer", "minimum": 1, "description": "How many evidence entries the record has, shown or not."},
              "Actor": {
                "type": "object", "required": ["name", "role"],
                "properties": {"name": {"type": ["string", "null"]}, "role": {"type": ["string", "null"]}}
              },
              "Position": {
                "type": "object", "required": ["id", "country", "countryName", "stance", "actor", "summary", "conditions", "reportedBy", "evidence", "evidenceCount"],
                "properties": {
                  "id": {"type": "string"}, "country": {"type": "string", "description": "ISO 3166-1 alpha-2 code, or NATO, EU, UN, OSCE"},
                  "countryName": {"type": "string"}, "stance": {"$ref": "#/components/schemas/Stance"},
                  "actor": {"oneOf": [{"$ref": "#/components/schemas/Actor"}, {"type": "null"}]},
                  "summary": {"type": "string"}, "conditions": {"type": "array", "items": {"type": "string"}},
                  "reportedBy": {"type": "array", "items": {"type": "string"}}, "evidence": {"$ref": "#/components/schemas/EvidenceList"},
                  "evidenceCount": {"$ref": "#/components/schemas/EvidenceCount"}
                }
              },
              "Estimate": {
                "type": "object", "required": ["id", "unit", "min", "max", "approx", "text", "context", "attributedTo", "evidence", "evidenceCount"],
                "properties": {
                  "id": {"type": "string"}, "unit": {"$ref": "#/components/schemas/Unit"},
                  "min": {"type": ["integer", "null"]}, "max": {"type": ["integer", "null"]}, "approx": {"type": "boolean"},
                  "text": {"type": "string"}, "context": {"type": ["string", "null"]}, "attributedTo": {"type": ["string", "null"]},
                  "evidence": {"$ref": "#/components/schemas/EvidenceList"}, "evidenceCount": {"$ref": "#/components/schemas/EvidenceCount"}
                }
              },
              "Proposal": {
                "type": "object", "required": ["id", "summary", "proposers", "proposerNames", "estimates", "estimateCount", "evidence", "evidenceCount"],
                "properties": {
                  "id": {"type": "string"}, "summary": {"type": "string"},
                  "proposers": {"type": "array", "items": {"type": "string"}}, "proposerNames": {"type": "array", "items": {"type": "string"}},
                  "estimates": {"type": "array", "items": {"type": "string"}, "description": "Ids of estimates stated with the plan: in lists the first 3 unless evidence=all, in a single proposal every one."},
                  "estimateCount": {"type": "integer", "minimum": 0, "description": "How many estimates are stated with the plan, shown or not."},
                  "evidence": {"$ref": "#/components/schemas/EvidenceList"}, "evidenceCount": {"$ref": "#/components/schemas/EvidenceCount"}
                }
              },
              "DocumentCounts": {
                "type": "object", "required": ["positions", "estimates", "proposals"],
                "properties": {"positions": {"type": "integer"}, "estimates": {"type": "integer"}, "proposals": {"type": "integer"}}
              },
              "Document": {
                "type": "object", "required": ["id", "title", "chars", "sentences", "reportedBy", "counts", "source", "url", "published", "publishedInferred"],
                "properties": {
                  "id": {"type": "string"}, "title": {"type": "string"}, "chars": {"type": "integer", "description": "Length of the text in Unicode scalar values."},
                  "sentences": {"type": "integer"}, "reportedBy": {"type": "array", "items": {"type": "string"}},
                  "counts": {"$ref": "#/components/schemas/DocumentCounts"}, "source": {"type": "string", "enum": ["seed", "added", "fetched"]},
                  "url": {"type": ["string", "null"]},
                  "published": {"type": ["string", "null"], "description": "RFC 3339 date or date-time: from the page's metadata, the POST, or the corpus's <id>.json."},
                  "publishedInferred": {"type": "array", "items": {"enum": ["year", "month", "day"]}, "description": "The parts of published that were worked out rather than stated; empty when stated."}
                }
              },
              "DocumentDetail": {
                "allOf": [
                  {"$ref": "#/components/schemas/Document"},
                  {
                    "type": "object", "required": ["text", "positions", "estimates", "proposals"],
                    "properties": {
                      "text": {"type": "string"},
                      "positions": {"type": "array", "items": {"$ref": "#/components/schemas/Position"}},
                      "estimates": {"type": "array", "items": {"$ref": "#/components/schemas/Estimate"}},
                      "proposals": {"type": "array", "items": {"$ref": "#/components/schemas/Proposal"}}
                    }
                  }
                ]
              },
              "StanceCounts": {
                "type": "object", "required": ["supports", "opposes", "considering", "conditional", "undecided"],
                "properties": {"supports": {"type": "integer"}, "opposes": {"type": "integer"}, "considering": {"type": "integer"}, "conditional": {"type": "integer"}, "undecided": {"type": "integer"}}
              },
              "Country": {
                "type": "object", "required": ["code", "name", "stances", "positions", "proposals"],
                "properties": {
                  "code": {"type": "string"}, "name": {"type": "string"}, "stances": {"$ref": "#/components/schemas/StanceCounts"},
                  "positions": {"type": "integer", "description": "Number of positions."}, "proposals": {"type": "integer", "description": "Number of proposals it is a proposer of."}
                }
              },
              "Timeline": {
                "type": "object", "required": ["country", "countryName", "items", "changes", "undated"],
                "properties": {
                  "country": {"type": "string"}, "countryName": {"type": "string"},
                  "items": {"type": "array", "items": {
                    "type": "object", "required": ["date", "datePrecision", "dateSource", "stance", "position", "actor", "document", "sentence", "start", "end"],
                    "properties": {
                      "date": {"type": "string", "format": "date"}, "datePrecision": {"enum": ["day", "month"]}, "dateSource": {"enum": ["sentence", "published"]},
                      "stance": {"$ref": "#/components/schemas/Stance"}, "position": {"type": "string", "description": "The position's id."},
                      "actor": {"oneOf": [{"$ref": "#/components/schemas/Actor"}, {"type": "null"}]},
                      "document": {"type": "string"}, "sentence": {"type": "string"}, "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0}
                    }}},
                  "changes": {"type": "array", "items": {"$ref": "#/components/schemas/StanceChange"}},
                  "undated": {"type": "integer", "minimum": 0}
                }
              },
              "StanceChange": {
                "type": "object", "required": ["date", "from", "to", "position", "document"],
                "properties": {"country": {"type": "string", "description": "In stance.changed events."}, "date": {"type": "string", "format": "date"},
                  "from": {"$ref": "#/components/schemas/Stance"}, "to": {"$ref": "#/components/schemas/Stance"},
                  "position": {"type": "string"}, "document": {"type": "string"}}
              },
              "CountryDetail": {
                "type": "object", "required": ["code", "name", "stances", "positions", "proposals", "actors"],
                "properties": {
                  "code": {"type": "string"}, "name": {"type": "string"}, "stances": {"$ref": "#/components/schemas/StanceCounts"},
                  "actors": {"type": "array", "items": {"$ref": "#/components/schemas/Actor"}},
                  "positions": {"type": "array", "items": {"$ref": "#/components/schemas/Position"}},
                  "proposals": {"type": "array", "items": {"$ref": "#/components/schemas/Proposal"}}
                }
              },
              "Health": {
                "type": "object", "required": ["status", "documents", "positions", "estimates", "proposals", "version"],
                "properties": {"status": {"type": "string", "enum": ["ok", "degraded"]}, "reason": {"type": "string", "description": "Why the status is degraded"}, "documents": {"type": "integer"}, "positions": {"type": "integer"}, "estimates": {"type": "integer"}, "proposals": {"type": "integer"}, "version": {"type": "string"}}
              },
              "PositionList": {"$ref": "#/components/schemas/Page", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Position"}}}},
              "EstimateList": {"$ref": "#/components/schemas/Page", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Estimate"}}}},
              "ProposalList": {"$ref": "#/components/schemas/Page", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Proposal"}}}},
              "CountryList": {"$ref": "#/components/schemas/Page", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Country"}}}},
              "DocumentList": {"$ref": "#/components/schemas/Page", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Document"}}}},
              "Page": {
                "type": "object", "required": ["items", "total", "limit", "offset"],
                "properties": {"items": {"type": "array"}, "total": {"type": "integer", "minimum": 0}, "limit": {"type": "integer", "minimum": 0}, "offset": {"type": "integer", "minimum": 0}}
              }
            }
          }
        }
        """#
    }
}
