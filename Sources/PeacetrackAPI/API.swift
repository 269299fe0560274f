// The seam between the HTTP server and the domain.
