// The calls a site can make to any other site without CORS's leave: a form post, a
// `text/plain` fetch, a beacon and a WebSocket. Each reads the API's public counts before
// and after, so the page can say whether the call ran the handler (CORS would only have
// kept the page from reading the answer).
const forgedCalls = (api) => {
  const counts = async () => (await fetch(api + "/api/counts")).json();
  // A beacon is sent after the call returns: look again a few times before saying no.
  const settled = async (before, key) => {
    for (let i = 0; i < 20; i++) {
      const now = await counts();
      if (now[key] > before[key]) return now;
      await new Promise((r) => setTimeout(r, 100));
    }
    return counts();
  };
  const ran = (before, after, key) => (after[key] > before[key] ? "ran" : "refused");
  return [
    { name: "form POST /api/transfer", key: "transfers",
      run: () => new Promise((resolve) => {
        const frame = document.createElement("iframe");
        frame.name = "sink" + Math.random();
        frame.hidden = true;
        document.body.appendChild(frame);
        const form = document.createElement("form");
        form.method = "post";
        form.action = api + "/api/transfer";
        form.target = frame.name;
        form.hidden = true;
        form.innerHTML = "<input name='amount' value='1000'>";
        document.body.appendChild(form);
        frame.addEventListener("load", () => resolve("submitted"), { once: true });
        form.submit();
      }) },
    { name: "fetch POST /api/transfer, text/plain", key: "transfers",
      run: () => fetch(api + "/api/transfer", { method: "POST", credentials: "include",
        headers: { "content-type": "text/plain" }, body: "amount=1000" })
        .then((r) => "readable " + r.status, () => "blocked") },
    { name: "navigator.sendBeacon /api/transfer", key: "transfers",
      run: async () => (navigator.sendBeacon(api + "/api/transfer", "amount=1000") ? "queued" : "not queued") },
    { name: "new WebSocket /api/socket", key: "sockets",
      run: () => new Promise((resolve) => {
        const socket = new WebSocket(api.replace(/^http/, "ws") + "/api/socket");
        socket.onopen = () => { socket.close(); resolve("open"); };
        socket.onerror = () => resolve("refused by the server");
      }) },
  ].map((c) => ({ ...c, judge: async () => {
    const before = await counts();
    const said = await c.run();
    const after = await settled(before, c.key);
    return { outcome: ran(before, after, c.key), detail: said };
  } }));
};
