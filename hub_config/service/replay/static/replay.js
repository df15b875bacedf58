// The replay player (InterviewHub): loads the replay once, then seeks and plays locally.
// Edits are [t, path, cell, at, deleted, inserted, author] or, for a notebook's cell list,
// [t, path, null, [[id, type], ...]] (docs/replay.md); keyframes every KEYFRAME ops make a
// seek cost at most KEYFRAME edits. Plain script, no framework: it runs under the page's CSP.
(function () {
  "use strict";
  const KEYFRAME = 500;
  const IDLE_MS = 5000; // gaps longer than this are skipped while playing (when "skip" is on)
  const COLORS = ["#6c757d", "#0d6efd", "#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#dc3545"];
  const root = document.getElementById("replay");
  const $ = (id) => document.getElementById(id);
  let data = null, state = {}, applied = 0, now = 0, playing = false, speed = 1, lastFrame = 0;
  const keyframes = []; // [ops applied, state]
  let dirty = new Set();

  function copyState(s) {
    const out = {};
    for (const p in s) {
      const d = s[p];
      const runs = {};
      for (const k in d.runs) runs[k] = d.runs[k].map((r) => r.slice());
      out[p] = { cells: d.cells.slice(), texts: Object.assign({}, d.texts), runs };
    }
    return out;
  }

  function spliceRuns(runs, at, del, author, ins) {
    const out = [];
    const put = (a, n) => { if (n <= 0) return; const l = out[out.length - 1]; if (l && l[0] === a) l[1] += n; else out.push([a, n]); };
    let pos = 0, placed = false;
    for (const [a, n] of runs) {
      const start = pos, end = pos + n;
      pos = end;
      put(a, Math.min(end, at) - start);
      if (!placed && end >= at) { put(author, ins); placed = true; }
      put(a, end - Math.max(start, at + del));
    }
    if (!placed) put(author, ins);
    return out;
  }

  function applyOp(s, op) {
    const path = op[1];
    const d = s[path] || (s[path] = { cells: [], texts: {}, runs: {} });
    dirty.add(path);
    if (op[2] === null) {
      d.cells = op[3];
      const keep = new Set(d.cells.map((c) => c[0]));
      for (const k of Object.keys(d.texts)) if (!keep.has(k)) { delete d.texts[k]; delete d.runs[k]; }
      for (const k of keep) { if (!(k in d.texts)) { d.texts[k] = ""; d.runs[k] = []; } }
      return;
    }
    const [, , cell, at, del, ins, author] = op;
    const text = d.texts[cell] || "";
    d.texts[cell] = text.slice(0, at) + ins + text.slice(at + del);
    d.runs[cell] = spliceRuns(d.runs[cell] || [], at, del, author, ins.length);
  }

  function prepare() {
    const s = {};
    data.ops.forEach((op, i) => {
      applyOp(s, op);
      if ((i + 1) % KEYFRAME === 0) keyframes.push([i + 1, copyState(s)]);
    });
    dirty = new Set();
  }

  function opsUpTo(t) { // how many ops have time <= t (binary search)
    let lo = 0, hi = data.ops.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (data.ops[mid][0] <= t) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function seek(t) {
    t = Math.max(data.start_ms, Math.min(data.end_ms, t));
    const upto = opsUpTo(t);
    if (upto < applied || upto - applied > KEYFRAME) { // backwards or far: from a keyframe
      let k = null;
      for (const f of keyframes) if (f[0] <= upto) k = f;
      state = k ? copyState(k[1]) : {};
      applied = k ? k[0] : 0;
      dirty = new Set(Object.keys(data.docs));
    }
    for (; applied < upto; applied++) applyOp(state, data.ops[applied]);
    now = t;
    render();
  }

  // -- rendering --------------------------------------------------------------------------
  const fmtTime = (ms) => new Date(ms).toLocaleTimeString([], { hour12: false });
  const fmtClock = (ms) => { const s = Math.max(0, Math.round(ms / 1000)); return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`; };
  const nameOf = (i) => (data.authors[i] ? data.authors[i].name || data.authors[i].username : "?");

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderFile(path) {
    const box = $("replay-files");
    let section = box.querySelector(`section[data-path="${CSS.escape(path)}"]`);
    if (!section) {
      section = el("section", { "data-path": path, class: "mb-3" });
      section.appendChild(el("h2", { class: "h6 font-monospace" }, path));
      box.appendChild(section);
    }
    const d = state[path] || { cells: [], texts: {}, runs: {} };
    section.querySelectorAll("pre").forEach((p) => p.remove());
    for (const [id, type] of d.cells) {
      const pre = el("pre", { "data-cell": id, "data-type": type, class: "border rounded p-2 mb-1 bg-body-tertiary" });
      const text = d.texts[id] || "";
      let pos = 0;
      for (const [a, n] of d.runs[id] || []) {
        const span = el("span", { "data-author": data.authors[a] ? data.authors[a].username : "", title: nameOf(a) }, text.slice(pos, pos + n));
        span.style.borderBottom = `2px solid ${COLORS[a % COLORS.length]}`;
        pre.appendChild(span);
        pos += n;
      }
      if (pos < text.length) pre.appendChild(document.createTextNode(text.slice(pos)));
      section.appendChild(pre);
    }
  }

  function describe(e) {
    switch (e.kind) {
      case "chat": return `💬 ${e.name}: ${e.text}`;
      case "presence": return `${e.name} ${e.online ? "joined" : "left"} (${e.role})`;
      case "signal": {
        if (e.signal === "paste") return `⚑ signal: ${e.name} pasted ${e.size} characters (${e.source === "internal" ? "copied inside the room" : "from outside the room"})${e.path ? " into " + e.path : ""}`;
        if (e.signal === "resize") return `⚑ signal: ${e.name}'s window resized to ${e.width}×${e.height}`;
        return `⚑ signal: ${e.name}'s tab ${e.signal === "hidden" ? "was hidden" : "lost focus"} for ${(e.duration_ms / 1000).toFixed(1)} s`;
      }
      case "run": return `▶ ${e.name} ran ${e.path || "code"}${e.kernel ? " (" + e.kernel + ")" : ""}`;
      case "submission": return `✔ ${e.name} submitted ${e.problem || ""}: ${e.verdict || ""}`;
      case "grading.run": return `▶ ${e.name} ran the tests of ${e.problem || ""}: ${e.verdict || ""}`;
      case "phase": return `phase: ${e.from} → ${e.to}`;
      case "timer": return `timer ${e.action} (${fmtClock((e.duration_s || 0) * 1000)})`;
      case "restore": return `↺ ${e.name} restored ${e.path} to ${fmtTime(e.snapshot_ms)}`;
      default: return e.kind;
    }
  }

  let shownEvents = -1;
  function render() {
    $("replay-scrubber").value = String(Math.round(now - data.start_ms));
    $("replay-time").textContent = fmtTime(now);
    $("replay-time").dataset.t = String(now);
    $("replay-clock").textContent = fmtClock(now - data.start_ms);
    for (const p of dirty) renderFile(p);
    dirty = new Set();
    const upto = data.events.findIndex((e) => e.t > now);
    const n = upto === -1 ? data.events.length : upto;
    if (n === shownEvents) return;
    shownEvents = n;
    const past = data.events.slice(0, n);
    const list = $("replay-events");
    list.textContent = "";
    const present = {};
    for (const e of past) {
      if (e.kind === "presence") present[e.by] = e.online ? e : null;
      if (e.kind === "output" || e.kind === "run.done" || e.kind === "doc") continue;
      const li = el("li", { "data-kind": e.kind, "data-t": String(e.t), class: e.kind === "signal" ? "text-warning-emphasis" : "" }, `${fmtClock(e.t - data.start_ms)}  ${describe(e)}`);
      list.appendChild(li);
    }
    list.scrollTop = list.scrollHeight;
    const pres = $("replay-presence");
    pres.textContent = "";
    for (const u in present) if (present[u]) pres.appendChild(el("li", { "data-user": u }, `${present[u].name} (${present[u].role})`));
    const runs = $("replay-runs");
    runs.textContent = "";
    const byId = {};
    for (const e of past) {
      if (e.kind === "run") {
        const div = el("div", { class: "border-start ps-2 mb-2", "data-run": e.msg_id });
        div.appendChild(el("div", { class: "text-body-secondary" }, `${fmtClock(e.t - data.start_ms)} ${e.name}${e.kernel ? " · " + e.kernel : ""}`));
        div.appendChild(el("pre", { class: "mb-1" }, e.code));
        runs.appendChild(div);
        byId[e.msg_id] = div;
      } else if (e.kind === "output" && byId[e.msg_id]) {
        if (e.image) {
          const img = el("img", { src: "data:image/png;base64," + e.image, alt: "output", class: "img-fluid" });
          byId[e.msg_id].appendChild(img);
        }
        if (e.text) byId[e.msg_id].appendChild(el("pre", { class: "output mb-1" + (e.output_type === "error" || e.name === "stderr" ? " text-danger" : "") }, e.text));
      }
    }
  }

  // -- playing ----------------------------------------------------------------------------
  function nextEventTime(after) {
    const e = data.events.find((x) => x.t > after);
    const i = opsUpTo(after);
    const o = i < data.ops.length ? data.ops[i][0] : Infinity;
    return Math.min(e ? e.t : Infinity, o);
  }

  function frame(ts) {
    if (!playing) return;
    const dt = lastFrame ? ts - lastFrame : 0;
    lastFrame = ts;
    let t = now + dt * speed;
    if ($("replay-skip").checked) {
      const next = nextEventTime(now);
      if (next - now > IDLE_MS && next !== Infinity) t = Math.max(t, next - 500);
    }
    if (t >= data.end_ms) { seek(data.end_ms); setPlaying(false); return; }
    seek(t);
    requestAnimationFrame(frame);
  }

  function setPlaying(on) {
    playing = on;
    $("replay-play").textContent = on ? "Pause" : "Play";
    if (on) { if (now >= data.end_ms) seek(data.start_ms); lastFrame = 0; requestAnimationFrame(frame); }
  }

  function jump(kind) {
    const e = data.events.find((x) => x.t > now + 1 && (x.kind === kind || (kind === "run" && (x.kind === "grading.run" || x.kind === "submission")) || (kind === "paste" && x.kind === "signal" && x.signal === "paste")));
    if (e) seek(e.t);
  }

  async function load() {
    // cookie-authenticated API calls carry the XSRF token (JupyterHub checks it on fetches too)
    const r = await fetch(root.dataset.api, { credentials: "same-origin", headers: { "X-XSRFToken": root.dataset.xsrf } });
    if (!r.ok) { $("replay-problems").textContent = `The replay could not be loaded (${r.status}).`; $("replay-problems").classList.remove("d-none"); return; }
    data = await r.json();
    if (data.problems.length) {
      $("replay-problems").textContent = "Parts of this replay are missing: " + data.problems.join("; ");
      $("replay-problems").classList.remove("d-none");
    }
    if (!data.end_ms) { data.start_ms = data.end_ms = Date.now(); }
    prepare();
    $("replay-scrubber").max = String(Math.round(data.end_ms - data.start_ms));
    const authors = $("replay-authors");
    data.authors.forEach((a, i) => {
      const chip = el("span", { class: "badge me-1", "data-username": a.username }, a.name || a.username);
      chip.style.background = COLORS[i % COLORS.length];
      authors.appendChild(chip);
    });
    seek(data.start_ms);
    root.dataset.ready = "1";
  }

  $("replay-play").addEventListener("click", () => setPlaying(!playing));
  $("replay-speed").addEventListener("change", (e) => { speed = parseFloat(e.target.value); });
  $("replay-scrubber").addEventListener("input", (e) => seek(data.start_ms + parseFloat(e.target.value)));
  document.querySelectorAll("[data-jump]").forEach((b) => b.addEventListener("click", () => jump(b.dataset.jump)));
  document.addEventListener("keydown", (e) => {
    if (!data || e.target.tagName === "INPUT" && e.target.type !== "range" || e.target.tagName === "SELECT") return;
    if (e.key === " ") { e.preventDefault(); setPlaying(!playing); }
    else if (e.key === "ArrowRight") { e.preventDefault(); seek(now + 5000); }
    else if (e.key === "ArrowLeft") { e.preventDefault(); seek(now - 5000); }
  });
  // for tests and the benchmark: seek, read, and the frames drawn while playing
  window.replayPlayer = { seek: (t) => seek(t), get now() { return now; }, get data() { return data; }, setSpeed: (s) => { speed = s; }, play: () => setPlaying(true), pause: () => setPlaying(false), get playing() { return playing; } };
  load();
})();
