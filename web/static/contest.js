// The contest's screens: the host console, the big screen and the phone
// buzzer. Each listens to the server's events (SSE) and draws the state
// the server replayed; the clock counts down to the server's end time,
// corrected by the server's clock, so every screen shows the same time.
(function () {
  "use strict";
  var root = document.getElementById("contest");
  if (!root) return;
  var code = root.dataset.code, role = root.dataset.role;
  var offset = 0, state = null, view = null;
  var zh = document.documentElement.lang !== "en";
  var phases = zh ? {idle: "待出题", shown: "读题中，请勿抢答", buzzing: "请抢答", answering: "答题中"}
                  : {idle: "Waiting", shown: "Question shown — do not press", buzzing: "Buzz now", answering: "Answering"};
  function $(id) { return document.getElementById(id); }
  function text(id, t) { var e = $(id); if (e) e.textContent = t == null ? "" : t; }
  function el(tag, t, cls) { var e = document.createElement(tag); if (t != null) e.textContent = t; if (cls) e.className = cls; return e; }
  function team(seat) { return state && seat ? state.teams[seat - 1] : ""; }

  function tick() {
    var e = $("c-timer");
    if (!e || !state) return;
    if (!state.deadline_ms) { e.textContent = ""; return; }
    var left = state.deadline_ms - (Date.now() + offset);
    e.textContent = Math.max(0, Math.ceil(left / 1000)) + (zh ? " 秒" : " s");
    e.classList.toggle("low", left < 5000);
  }
  setInterval(tick, 100);

  function draw(v) {
    view = v; state = v.state;
    offset = v.now_ms - Date.now();
    // What the clock counts from, readable outside the script (the
    // browser tests check a resumed clock against the stored end time).
    root.dataset.deadlineMs = state.deadline_ms || 0;
    root.dataset.offsetMs = offset;
    text("c-round", state.round ? (v.rounds[state.round - 1] || "") : (zh ? "未开始" : "Not started"));
    text("c-phase", phases[state.phase] + (state.turn && state.phase === "answering" ? " · " + team(state.turn) : ""));
    text("c-question", v.text || (state.phase !== "idle" ? state.question : ""));
    text("c-options", v.options);
    text("c-answer", v.answer ? (zh ? "答案：" : "Answer: ") + v.answer : "");
    var sc = $("c-scores");
    if (sc) {
      sc.textContent = "";
      state.teams.forEach(function (name, i) {
        var tr = el("tr", null, state.turn === i + 1 && state.phase === "answering" ? "turn" : "");
        tr.appendChild(el("td", (i + 1) + ". " + name));
        tr.appendChild(el("td", String(state.scores[i]), "num"));
        sc.appendChild(tr);
      });
    }
    var pr = $("c-presses");
    if (pr) {
      pr.textContent = "";
      if (role !== "host" && state.phase === "idle") state.presses = [];
      (state.presses || []).forEach(function (p) {
        pr.appendChild(el("li", team(p.team) + (p.gap_ms ? "  +" + p.gap_ms + " ms" : "") + (role !== "screen" ? "  #" + p.seq : "")));
      });
    }
    var fo = $("c-fouls");
    if (fo) {
      fo.textContent = "";
      (state.fouls || []).forEach(function (f) {
        fo.appendChild(el("li", "#" + f.seq + " " + team(f.team) + " " + f.question + (zh ? " 提前 " : " early ") + f.offset_ms + " ms" +
          (f.penalty.deduct ? " −" + f.penalty.deduct : "") + (f.penalty.bar ? (zh ? " 本轮禁抢" : " barred") : "") +
          (f.penalty.lose_turn ? (zh ? " 本题失去抢答" : " loses turn") : "") + (f.reversed ? (zh ? "（已撤销）" : " (reversed)") : "")));
      });
    }
    var rk = $("c-risk");
    if (rk) {
      rk.textContent = "";
      if (state.round_kind === "risk") {
        (state.choose_order || []).forEach(function (seat, i) {
          var c = (state.choices || []).filter(function (x) { return x.team === seat; })[0];
          rk.appendChild(el("span", (i + 1) + ". " + team(seat) + " " + (c ? (c.abstain ? (zh ? "放弃" : "abstains") : c.tier) : "…"), "c-chip"));
        });
      }
    }
    if (role === "host" || role === "judge") controls();
    if (role === "buzzer") {
      var b = $("c-press");
      var seat = +root.dataset.seat;
      if (b) b.disabled = !(state.phase === "shown" || state.phase === "buzzing" || state.phase === "answering") || state.pressed[seat - 1];
    }
    tick();
  }

  function post(url, body, json) {
    var h = {};
    if (root.dataset.csrf) h["X-CSRF-Token"] = root.dataset.csrf;
    if (json) h["Content-Type"] = "application/json";
    return fetch(url, {method: "POST", headers: h, body: json ? JSON.stringify(body) : body, credentials: "same-origin"})
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, body: j}; }); });
  }

  function act(ev) {
    text("c-msg", "");
    post("/api/v1/contests/" + code + "/events", ev, true).then(function (r) {
      if (!r.ok) text("c-msg", r.body.message || r.body.error || "refused");
      else draw(r.body);
    });
  }

  function button(label, fn, cls) { var b = el("button", label, cls); b.type = "button"; b.addEventListener("click", fn); return b; }
  function select(items) { var s = el("select"); items.forEach(function (it) { var o = el("option", it[1]); o.value = it[0]; s.appendChild(o); }); return s; }
  function teamSelect() { return select(state.teams.map(function (t, i) { return [i + 1, (i + 1) + ". " + t]; })); }
  function questionInput() {
    var s = el("input"); s.placeholder = zh ? "题号" : "Question ID"; s.setAttribute("list", "c-bank-list");
    var dl = el("datalist"); dl.id = "c-bank-list";
    (view.bank || []).forEach(function (q) { var o = el("option"); o.value = q.ID; o.label = q.Category + " " + q.Value + " " + q.Text.slice(0, 30); dl.appendChild(o); });
    var w = el("span"); w.appendChild(s); w.appendChild(dl); w.input = s; return w;
  }

  function controls() {
    var c = $("c-controls");
    c.textContent = "";
    var row = el("div", null, "form row");
    c.appendChild(row);
    if (role === "judge") {
      // The judges only judge: right, wrong or out of time.
      if (state.phase === "answering") {
        row.appendChild(button(zh ? "答对" : "Right", function () { act({type: "right", team: state.turn}); }));
        row.appendChild(button(zh ? "答错" : "Wrong", function () { act({type: "wrong", team: state.turn}); }, "danger"));
        row.appendChild(button(zh ? "超时" : "Time out", function () { act({type: "timeout"}); }, "secondary"));
      }
      return;
    }
    if (state.phase === "idle") {
      // Rounds only go forward: the later ones are offered, none once
      // the last has begun.
      if (state.round < view.rounds.length) {
        var rs = select(view.rounds.map(function (n, i) { return [i + 1, (i + 1) + ". " + n]; }).slice(state.round));
        row.appendChild(rs);
        row.appendChild(button(zh ? "开始本轮" : "Begin round", function () { act({type: "round", round: +rs.value}); }));
      }
      if (state.round) {
        if (state.round_kind === "risk" && view.next_chooser) {
          var row3 = el("div", null, "form row"); c.appendChild(row3);
          row3.appendChild(el("span", (zh ? "轮到 " : "Next: ") + team(view.next_chooser)));
          // The tiers are the rule sheet's, not fixed.
          (view.tiers || []).forEach(function (tier) {
            row3.appendChild(button(tier + (zh ? " 分" : ""), function () { act({type: "choose", team: view.next_chooser, tier: tier}); }, "c-tier"));
          });
          if (view.allow_abstain) row3.appendChild(button(zh ? "放弃" : "Abstain", function () { act({type: "abstain", team: view.next_chooser}); }, "secondary"));
        }
        var row2 = el("div", null, "form row"); c.appendChild(row2);
        var q = questionInput(); row2.appendChild(q);
        var needsTeam = state.round_kind === "compulsory" || state.round_kind === "risk";
        var ts = teamSelect(); if (needsTeam) row2.appendChild(ts);
        // In a risk round the team is the one that chose and still
        // waits for its question.
        var waiting = (state.choices || []).filter(function (x) { return !x.abstain && !x.question; })[0];
        if (state.round_kind === "risk" && waiting) ts.value = String(waiting.team);
        row2.appendChild(button(zh ? "出题" : "Show question", function () {
          act({type: "open", question: q.input.value.trim(), team: needsTeam ? +ts.value : 0});
        }));
      }
    } else if (state.phase === "shown") {
      row.appendChild(button(zh ? "开始" : "Start", function () { act({type: "start"}); }, "c-start"));
    } else if (state.phase === "buzzing") {
      row.appendChild(button(zh ? "无人抢答，结束" : "Time out", function () { act({type: "timeout"}); }, "secondary"));
    } else {
      row.appendChild(button(zh ? "答对" : "Right", function () { act({type: "right", team: state.turn}); }));
      row.appendChild(button(zh ? "答错" : "Wrong", function () { act({type: "wrong", team: state.turn}); }, "danger"));
      row.appendChild(button(zh ? "超时" : "Time out", function () { act({type: "timeout"}); }, "secondary"));
    }
    var adj = el("div", null, "form row"); c.appendChild(adj);
    var at = teamSelect(), pts = el("input"), why = el("input");
    pts.type = "number"; pts.placeholder = zh ? "分数（可为负）" : "points"; why.placeholder = zh ? "原因" : "reason";
    adj.appendChild(at); adj.appendChild(pts); adj.appendChild(why);
    adj.appendChild(button(zh ? "调整分数" : "Adjust", function () { act({type: "adjust", team: +at.value, points: +pts.value, reason: why.value}); }, "secondary"));
    var rev = el("div", null, "form row"); c.appendChild(rev);
    var target = select((state.judged || []).concat(state.fouls || []).map(function (j) {
      var kinds = zh ? {right: "答对", wrong: "答错", timeout: "超时", "void": "已撤销"} : {right: "right", wrong: "wrong", timeout: "time out", "void": "void"};
      return [j.seq, "#" + j.seq + " " + team(j.team) + " " + j.question + " " + (j.type ? kinds[j.type] : (zh ? "犯规" : "foul"))];
    }));
    var rwhy = el("input"); rwhy.placeholder = zh ? "改判理由" : "reason";
    rev.appendChild(target); rev.appendChild(rwhy);
    rev.appendChild(button(zh ? "仲裁改判" : "Reverse", function () { act({type: "reverse", target: +target.value, reason: rwhy.value}); }, "danger"));
  }

  function listen() {
    var es = new EventSource("/contest/" + code + "/stream");
    es.onmessage = function (e) {
      var v = JSON.parse(e.data);
      if (role === "host" || role === "judge") {
        fetch("/api/v1/contests/" + code, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(draw);
      } else draw(v);
    };
  }

  if (role === "buzzer") {
    var join = $("c-join");
    if (join) {
      join.addEventListener("submit", function (e) {
        e.preventDefault();
        post("/b/" + code + "/join", new URLSearchParams(new FormData(join))).then(function () { location.reload(); });
      });
      return;
    }
    $("c-press").addEventListener("click", function () {
      var b = $("c-press"); b.disabled = true;
      post("/b/" + code + "/press", new URLSearchParams({client_ms: String(Date.now())})).then(function (r) {
        if (!r.ok) text("c-msg", r.body.message || r.body.error || "");
        else text("c-msg", r.body.type === "foul" ? (zh ? "抢跑犯规！" : "Foul: too early!") : (zh ? "已抢答" : "Pressed"));
      });
    });
  }
  if (role === "host") {
    var bank = $("c-bank-form");
    bank.addEventListener("submit", function (e) {
      e.preventDefault();
      post("/contest/" + code + "/questions", new FormData(bank)).then(function (r) {
        var b = r.body;
        text("c-bank-msg", b.questions != null ? (zh ? "已导入 " + b.questions + " 题" : b.questions + " questions") :
          b.bad_rows ? b.bad_rows.map(function (x) { return (zh ? "第 " : "row ") + x.row + (zh ? " 行 " : " ") + x.field + ": " + x.reason; }).join("；") : (b.message || b.error));
      });
    });
  }
  listen();
})();
