-- An allowed, credentialed GET as a browser sends it: with Origin and a cookie.
wrk.method = "GET"
wrk.path = "/bench"
wrk.headers["Origin"] = "https://app.example.com"
wrk.headers["Cookie"] = "session=1"
