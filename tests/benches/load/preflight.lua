-- A preflight for a GET with two non-safelisted request headers.
wrk.method = "OPTIONS"
wrk.path = "/bench"
wrk.headers["Origin"] = "https://app.example.com"
wrk.headers["Access-Control-Request-Method"] = "GET"
wrk.headers["Access-Control-Request-Headers"] = "content-type,x-api-key"
