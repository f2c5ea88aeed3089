// The Haven status page: polls /api/node, /api/quorums and /api/directory, browses promises, tasks and keys
// through /api/search and /api/object, and follows changes through /api/watch (Server-Sent Events).
// Every value from the node is written as text (textContent), never as markup.
"use strict";

const POLL_MS = 2000;
const DIRECTORY_POLL_MS = 5000;
const MAX_CHANGES = 200;

const PROMISE_STATES = ["PENDING", "RESOLVED", "REJECTED", "REJECTED_CANCELED", "REJECTED_TIMEDOUT"];
const TASK_STATES = ["PENDING", "ACQUIRED", "SUSPENDED", "FULFILLED"];

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; strings become text nodes. */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

function clear(e) {
  while (e.firstChild) e.removeChild(e.firstChild);
}

function short(uuid) {
  return uuid ? uuid.slice(0, 8) : "";
}

function bytes(n) {
  if (n < 1024) return n + " B";
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return v.toFixed(1) + " " + units[u];
}

function time(ms) {
  return ms ? new Date(ms).toISOString().replace("T", " ").replace("Z", "") : "";
}

async function getJson(url) {
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) {
    const message = body && body.error ? body.error.code + ": " + body.error.message : r.status + " " + r.statusText;
    throw new Error(message);
  }
  return body;
}

// ---- node and quorums ----------------------------------------------------------------------------------------

let nodeUuid = "";

function renderNode(node) {
  nodeUuid = node.uuid;
  $("node-uuid").textContent = node.uuid;
  document.title = "Haven " + short(node.uuid);
  const badge = $("ready-badge");
  badge.textContent = node.ready ? "ready" : "not ready";
  badge.className = "badge " + (node.ready ? "ready" : "not-ready");
  const facts = $("node-facts");
  clear(facts);
  const rows = [
    ["uuid", node.uuid],
    ["version", node.version],
    ["client address", node.address],
    ["raft address", node.raft_address],
    ["roles", node.roles.length ? node.roles.join(", ") : "none (idle)"],
    ["mode", node.dev ? "dev (every role in one process)" : "cluster"],
    ["sessions", node.sessions],
    ["watches", node.watches],
    ["queued events", node.queued_events],
  ];
  for (const [k, v] of rows) facts.append(el("dt", {}, k), el("dd", { "data-fact": k }, v));
  const reasons = $("ready-reasons");
  clear(reasons);
  for (const r of node.not_ready_because) reasons.append(el("li", {}, r));
}

function renderQuorums(quorums) {
  const body = $("quorum-rows");
  clear(body);
  $("quorums-note").textContent = quorums.length ? "" : "This node is a member of no quorum.";
  for (const q of quorums) {
    const members = el("ul", { class: "members" });
    for (const m of q.members) {
      const lag = m.lag === null ? "" : " (lag " + m.lag + ")";
      members.append(
        el("li", { class: m.leader ? "leader" : "", title: m.uuid + " raft " + m.raft_address },
          short(m.uuid) + (m.voter ? "" : " learner") + (m.client_address ? " " + m.client_address : "") + lag));
    }
    const leader = q.leader ? short(q.leader) + (q.leader_address ? " " + q.leader_address : "") : "none";
    body.append(el("tr", { "data-quorum": q.name },
      el("td", {}, el("strong", {}, q.name)),
      el("td", { class: q.role === "LEADER" ? "leader" : "" }, q.role),
      el("td", { class: q.leader ? "mono" : "down" }, leader),
      el("td", { class: "num" }, q.term),
      el("td", { class: "num" }, q.commit_index),
      el("td", { class: "num", title: "apply lag " + q.apply_lag }, q.applied_index),
      el("td", { class: "num", "data-revision": q.name }, q.revision),
      el("td", { class: "mono" }, q.paths.join(" ")),
      el("td", {}, members),
      el("td", {}, bytes(q.store.size_bytes) + (q.store.write_stopped ? " writes stopped" : ""))));
  }
}

async function refresh() {
  try {
    const [node, quorums] = await Promise.all([getJson("/api/node"), getJson("/api/quorums")]);
    renderNode(node);
    renderQuorums(quorums.quorums);
    $("updated").textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    $("updated").textContent = "cannot reach the node: " + e.message;
  }
}

async function refreshDirectory() {
  try {
    const d = await getJson("/api/directory");
    const body = $("directory-rows");
    clear(body);
    $("directory-table").hidden = !d.available;
    $("directory-note").textContent = d.available ? "" : "No location service is known to this node.";
    for (const n of d.nodes) {
      body.append(el("tr", { "data-node": n.uuid },
        el("td", { class: "mono", title: n.uuid }, n.uuid === nodeUuid ? short(n.uuid) + " (this node)" : short(n.uuid)),
        el("td", { class: "mono" }, n.address),
        el("td", {}, n.roles.join(", ")),
        el("td", { class: n.up ? "" : "down" }, n.up ? "up" : "down"),
        el("td", {}, n.quorums.join(", ")),
        el("td", {}, n.leads.join(", "))));
    }
  } catch (e) {
    $("directory-note").textContent = "directory: " + e.message;
  }
}

// ---- browser -------------------------------------------------------------------------------------------------

let searchCursor = "";

function fillStates() {
  const kind = $("search-kind").value;
  const select = $("search-state");
  clear(select);
  select.append(el("option", { value: "" }, "any"));
  const states = kind === "promise" ? PROMISE_STATES : kind === "task" ? TASK_STATES : [];
  for (const s of states) select.append(el("option", { value: s }, s));
  select.disabled = states.length === 0;
}

function resultColumns(kind) {
  if (kind === "kv") return ["key", "version", "rev", "value"];
  if (kind === "task") return ["id", "state", "version", "pid", "expires"];
  return ["id", "state", "timeout", "created", "tags"];
}

function resultCells(kind, item) {
  if (kind === "kv") {
    return [item.key, item.version, item.rev, item.encoding === "utf-8" ? item.data : "(" + item.size + " bytes)"];
  }
  if (kind === "task") return [item.id, item.state, item.version, item.pid, time(item.expires_on)];
  const tags = Object.entries(item.tags).map(([k, v]) => k + "=" + v).join(" ");
  return [item.id, item.state, time(item.timeout), time(item.created_on), tags];
}

async function search(more) {
  const kind = $("search-kind").value;
  const params = new URLSearchParams({ kind, prefix: $("search-prefix").value });
  if ($("search-state").value) params.set("state", $("search-state").value);
  if (more && searchCursor) params.set("cursor", searchCursor);
  $("search-error").textContent = "";
  try {
    const page = await getJson("/api/search?" + params);
    const head = $("results-head");
    const rows = $("results-rows");
    if (!more) {
      clear(head);
      clear(rows);
      head.append(el("tr", {}, ...resultColumns(kind).map((c) => el("th", {}, c))));
    }
    for (const item of page.items) {
      const id = kind === "kv" ? item.key : item.id;
      const tr = el("tr", { class: "clickable", "data-id": id },
        ...resultCells(kind, item).map((c, i) => el("td", { class: i === 0 ? "mono" : "" }, c)));
      tr.addEventListener("click", () => showObject(kind, id));
      rows.append(tr);
    }
    if (!more && page.items.length === 0) {
      rows.append(el("tr", {}, el("td", { colSpan: 5, class: "muted" }, "nothing found")));
    }
    searchCursor = page.cursor;
    $("search-more").hidden = !page.cursor;
  } catch (e) {
    $("search-error").textContent = e.message;
  }
}

async function showObject(kind, id) {
  $("detail-title").textContent = kind + " " + id;
  try {
    const d = await getJson("/api/object?" + new URLSearchParams({ kind, id }));
    $("detail").textContent = JSON.stringify(d.object, null, 2);
  } catch (e) {
    $("detail").textContent = e.message;
  }
}

// ---- live changes --------------------------------------------------------------------------------------------

let source = null;
let refreshSoon = null;

function describe(change) {
  if (change.promise) return change.promise.state;
  if (change.task) return change.task.state + " v" + change.task.version;
  if (change.kv) {
    return "v" + change.kv.version + " = " + (change.kv.encoding === "utf-8" ? change.kv.data : "(" + change.kv.size + " bytes)");
  }
  return "deleted";
}

function stopWatching(status) {
  if (source) source.close();
  source = null;
  $("live-toggle").textContent = "Watch";
  $("live-status").textContent = status;
}

function startWatching() {
  const prefix = $("live-prefix").value;
  stopWatching("connecting…");
  $("live-toggle").textContent = "Stop";
  source = new EventSource("/api/watch?" + new URLSearchParams({ prefix }));
  source.addEventListener("watching", (e) => {
    const d = JSON.parse(e.data);
    $("live-status").textContent = "watching " + (d.prefix || "everything") +
      (d.from ? " from revision " + d.from : " from now on");
  });
  source.addEventListener("change", (e) => {
    const c = JSON.parse(e.data);
    const rows = $("changes");
    const tr = el("tr", { class: "fresh clickable", "data-key": c.key, "data-rev": String(c.rev) },
      el("td", { class: "num" }, c.rev),
      el("td", {}, c.kind),
      el("td", { class: "mono" }, c.key),
      el("td", {}, describe(c)),
      el("td", { class: "muted" }, new Date().toLocaleTimeString()));
    const kind = c.kind === "kv" || c.kind === "kv.delete" ? "kv" : c.kind;
    tr.addEventListener("click", () => showObject(kind, c.key));
    rows.insertBefore(tr, rows.firstChild);
    while (rows.childElementCount > MAX_CHANGES) rows.removeChild(rows.lastChild);
    // The quorum figures (commit, revision) moved with the change: show them without waiting for the next poll.
    clearTimeout(refreshSoon);
    refreshSoon = setTimeout(refresh, 100);
  });
  source.addEventListener("ended", (e) => stopWatching("ended: " + JSON.parse(e.data).reason));
  source.onerror = () => {
    if (source && source.readyState === EventSource.CONNECTING) $("live-status").textContent = "reconnecting…";
  };
}

// ---- start ---------------------------------------------------------------------------------------------------

function start() {
  fillStates();
  $("search-kind").addEventListener("change", fillStates);
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    search(false);
  });
  $("search-more").addEventListener("click", () => search(true));
  $("live-form").addEventListener("submit", (e) => {
    e.preventDefault();
    if (source) stopWatching("not watching");
    else startWatching();
  });
  refresh().then(refreshDirectory);
  setInterval(refresh, POLL_MS);
  setInterval(refreshDirectory, DIRECTORY_POLL_MS);
  startWatching();
}

start();
