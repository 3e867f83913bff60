// The wall screen: the board arrives by server-sent events. The browser
// reconnects by itself after a dropped connection; when it gives up (the
// server answered an error, or stayed down), the page asks the stream's
// status: 401 means the link was revoked, anything else is retried.
(function () {
  var wall = document.getElementById("wall");
  if (!wall) return;
  var url = wall.dataset.events;
  var state = document.getElementById("wall-state");
  var error = document.getElementById("wall-error");
  function show(board) {
    document.getElementById("wall-at").textContent = board.at;
    document.getElementById("wall-snapshot").textContent = board.snapshot;
    document.getElementById("clear-at").textContent = board.clear;
    document.getElementById("extra").textContent = board.extra;
    board.tiles.forEach(function (t) {
      var el = document.getElementById("tile-" + t.ID);
      if (!el) return;
      el.querySelector(".hub-value").textContent = t.Value;
      el.querySelector(".hub-sub").textContent = t.Sub;
      el.className = "card hub-tile" + (t.Band ? " band-" + t.Band : "");
    });
  }
  function revoked() {
    error.textContent = wall.dataset.revoked;
    error.hidden = false;
    state.textContent = "401";
    document.getElementById("hub-tiles").hidden = true; // no stale figures on the TV
  }
  function connect() {
    var es = new EventSource(url);
    es.addEventListener("board", function (e) {
      state.textContent = wall.dataset.live;
      error.hidden = true;
      show(JSON.parse(e.data));
    });
    es.onerror = function () {
      state.textContent = wall.dataset.lost;
      if (es.readyState !== EventSource.CLOSED) return; // the browser retries
      es.close();
      fetch(url, { method: "HEAD", cache: "no-store" }).then(function (r) {
        if (r.status === 401) { revoked(); return; }
        setTimeout(connect, 3000);
      }, function () { setTimeout(connect, 3000); });
    };
  }
  connect();
})();
