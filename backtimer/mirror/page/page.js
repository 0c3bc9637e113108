// backtimer's mirror page. No framework: a dozen elements and one stream.
//
// Time: every message carries the server's clock (`now`, seconds) and running
// countdowns carry the server-clock moment they reach zero (`deadline`). The
// page keeps `offset`, the smallest (local receive time - server now) seen
// lately: the one-way delay of the fastest message, so the server's plan maps
// onto this page's clock to within that delay. The number is then counted on
// this page's own clock between messages: a late or lost message never freezes
// it, and every message corrects it, so it never drifts.
"use strict";

const $ = (id) => document.getElementById(id);
const el = {};
for (const id of ["step", "left", "link", "name", "cue", "title", "side", "count", "shape",
  "detail", "reps", "sets", "cadence", "next", "bar", "pause", "rep", "back", "skip", "pain",
  "ask", "scores", "ask-skip", "ask-cancel", "contrast", "sr"]) el[id] = $(id);

const SAMPLES = 20;
let samples = [];      // recent (receive time - server now), in ms
let offset = null;     // ms to add to a server time to get this page's time
let state = null;
let tickTimer = null;
let breathFrame = null;
let source = null;
let reconnectTimer = null;
let lastText = null;

// ---- the clock -------------------------------------------------------------

function learnClock(serverNow) {
  samples.push(performance.now() - serverNow * 1000);
  if (samples.length > SAMPLES) samples.shift();
  offset = Math.min(...samples);
}

function local(serverSeconds) { return serverSeconds * 1000 + offset; }

// Seconds left of a {remaining, deadline} count, on this page's clock.
function secondsLeft(count) {
  if (!count) return null;
  if (count.deadline === null) return count.remaining;
  if (offset === null) return null;
  return Math.max(0, (local(count.deadline) - performance.now()) / 1000);
}

// As the terminal writes it: whole seconds rounded up; m:ss from a minute.
function clockText(seconds) {
  const whole = Math.max(0, Math.ceil(seconds - 1e-9));
  if (whole < 60) return String(whole);
  const m = Math.floor(whole / 60), s = whole % 60;
  if (m < 60) return `${m}:${String(s).padStart(2, "0")}`;
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

function minutesLeft(seconds) {
  const minutes = Math.max(0, Math.ceil(seconds / 60 - 1e-9));
  if (minutes < 60) return `${minutes} min left`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min left`;
}

// ---- drawing ------------------------------------------------------------------

function setText(node, text) { if (node.textContent !== text) node.textContent = text; }

function draw() {
  const s = state;
  if (!s) return;
  document.body.className = [
    `st-${s.status}`, s.phase ? `ph-${s.phase}` : "", s.breath ? "breathing" : "",
  ].join(" ").trim();
  setText(el.step, s.step);
  setText(el.name, s.name);
  setText(el.cue, s.cue);
  setText(el.title, s.title);
  setText(el.side, s.side);
  setText(el.detail, s.detail);
  setText(el.reps, s.reps);
  setText(el.sets, s.sets);
  setText(el.cadence, s.cadence);
  setText(el.next, s.next);
  const paused = s.status === "paused";
  setText(el.pause, paused ? "Resume" : "Pause");
  el.pause.dataset.do = paused ? "resume" : "pause";
  el.pause.disabled = !(s.can.pause || s.can.resume);
  el.back.disabled = !s.can.back;
  el.skip.disabled = !s.can.skip;
  el.pain.disabled = !s.can.pain;
  el.rep.hidden = !s.counted;
  el.rep.disabled = !s.can.rep;
  if (s.ended) setText(el.link, "Session over");
  tick();
  breathe();
}

// The number, and a timer for the moment it next changes.
function tick() {
  clearTimeout(tickTimer);
  tickTimer = null;
  const s = state;
  if (!s) return;
  let text = "";
  let left = secondsLeft(s.countdown);
  if (s.counted && s.status === "running") text = String(s.done);
  else if (left !== null) text = clockText(left);
  if (text !== lastText) {
    lastText = text;
    el.count.textContent = text;
    fit();
  }
  const total = secondsLeft(s.time_left);
  setText(el.left, total === null ? "" : minutesLeft(total));
  const done = total === null || !s.total ? 0 : Math.min(1, Math.max(0, 1 - total / s.total));
  el.bar.style.width = `${Math.round(done * 1000) / 10}%`;
  let wait = null;
  if (s.countdown && s.countdown.deadline !== null && left > 0) {
    // When ceil(left) next drops; a millisecond after, to land past it.
    const frac = left - (Math.ceil(left - 1e-9) - 1);
    wait = frac * 1000 + 1;
  }
  if (s.time_left && s.time_left.deadline !== null) {
    const minute = (total % 60) * 1000 + 1;
    wait = wait === null ? minute : Math.min(wait, minute);
  }
  if (wait !== null) tickTimer = setTimeout(tick, Math.max(1, wait));
}

// The biggest size at which the number fits its box.
function fit() {
  const box = el.count.parentElement;
  const w = box.clientWidth, h = box.clientHeight;
  if (!w || !h || !el.count.textContent) return;
  el.count.style.fontSize = "100px";
  const natural = el.count.scrollWidth || 1;
  const size = Math.min((h / 0.9) * 0.98, (100 * w * 0.96) / natural);
  el.count.style.fontSize = `${Math.max(10, Math.floor(size))}px`;
}

// The breathing shape: from one level to the next over the phase's time.
function breathe() {
  cancelAnimationFrame(breathFrame);
  breathFrame = null;
  const b = state && state.breath;
  if (!b) return;
  let level = b.level;
  if (b.until !== null && offset !== null) {
    const end = local(b.until), now = performance.now();
    const span = end - local(state.now);
    const done = span > 0 ? Math.min(1, Math.max(0, 1 - (end - now) / span)) : 1;
    level = b.level + (b.to - b.level) * done;
    if (done < 1 && !document.hidden) breathFrame = requestAnimationFrame(breathe);
  }
  el.shape.style.transform = `scale(${0.3 + 0.7 * level})`;
}

// ---- the stream ---------------------------------------------------------------

function connect() {
  clearTimeout(reconnectTimer);
  if (source) source.close();
  source = new EventSource("events");
  source.addEventListener("state", (e) => {
    const s = JSON.parse(e.data);
    learnClock(s.now);
    const first = !state || state.title !== s.title || state.name !== s.name;
    state = s;
    el.link.classList.remove("lost");
    setText(el.link, s.ended ? "Session over" : "Live");
    draw();
    if (first) setText(el.sr, `${s.title}. ${s.name}`);
  });
  source.addEventListener("clock", (e) => {
    learnClock(JSON.parse(e.data).now);
    tick();
  });
  source.addEventListener("error", () => {
    el.link.classList.add("lost");
    setText(el.link, state && state.ended ? "Session over" : "Reconnecting…");
    // The browser retries by itself unless the answer closed the stream.
    if (source.readyState === EventSource.CLOSED) reconnectTimer = setTimeout(connect, 1000);
  });
}

// Keep the screen on while the page shows a session, where the browser allows
// it (a secure context: this computer itself; a phone on plain http cannot).
async function keepAwake() {
  try { if (navigator.wakeLock && !document.hidden) await navigator.wakeLock.request("screen"); }
  catch (error) { /* not allowed here: the device's own setting decides */ }
}

document.addEventListener("visibilitychange", () => {
  if (document.hidden) return;
  keepAwake();
  // Back from a locked screen: the stream may be gone without the page knowing.
  if (!source || source.readyState !== EventSource.OPEN) connect();
  tick();
  breathe();
});

// ---- the keys -----------------------------------------------------------------

async function send(body) {
  try {
    const answer = await fetch("command", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const reply = await answer.json();
    if (reply.state) {
      learnClock(reply.state.now);
      state = reply.state;
      draw();
    } else if (reply.error) {
      setText(el.sr, reply.error);
    }
  } catch (error) {
    setText(el.link, "Not sent: no connection");
  }
}

for (const id of ["back", "pause", "skip", "rep"]) {
  el[id].addEventListener("click", () => send({ do: el[id].dataset.do }));
}

for (let n = 0; n <= 10; n++) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = String(n);
  b.addEventListener("click", () => { closeAsk(); send({ do: "pain", pain: n }); });
  el.scores.appendChild(b);
}
function closeAsk() { el.ask.hidden = true; }
el.pain.addEventListener("click", () => { el.ask.hidden = false; });
el["ask-cancel"].addEventListener("click", closeAsk);
el["ask-skip"].addEventListener("click", () => { closeAsk(); send({ do: "pain" }); });

// High contrast: the device's wish, or this button's (kept on this device).
function setContrast(on) {
  document.documentElement.classList.toggle("hc", on);
  el.contrast.setAttribute("aria-pressed", String(on));
  try { localStorage.setItem("backtimer-contrast", on ? "1" : "0"); } catch (e) { /* private mode */ }
}
el.contrast.addEventListener("click", () => setContrast(!document.documentElement.classList.contains("hc")));
try { if (localStorage.getItem("backtimer-contrast") === "1") setContrast(true); } catch (e) { /* none */ }

window.addEventListener("resize", fit);
connect();
keepAwake();
