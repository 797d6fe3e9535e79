/* app.js -- the tidings web page: story list and story page, from the JSON API. */
"use strict";

const main = document.getElementById("main");
const COLORS = ["#0b63b6", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#0c8599",
                "#c2255c", "#5c940d", "#364fc7", "#a61e4d", "#495057", "#087f5b"];

function esc(s) {
  return String(s == null ? "" : s).replace(/[&<>"']/g, c =>
    ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
}

async function api(path) {
  const r = await fetch(path, {headers: {"Accept": "application/json"}});
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
  return body;
}

function langs(list) {
  return (list || []).map(l => `<span class="lang" title="${esc(l)}">${esc(l)}</span>`).join(" ");
}

function dateRange(s) {
  if (!s.first) return "";
  return s.first === s.last ? s.first : `${s.first} – ${s.last}`;
}

/* articles per day, as a small bar sparkline */
function sparkline(timeline, w = 120, h = 34) {
  const days = {};
  for (const t of timeline || []) days[t.day] = (days[t.day] || 0) + t.count;
  const keys = Object.keys(days).sort();
  if (!keys.length) return "";
  const max = Math.max(...Object.values(days));
  const bw = Math.min(12, Math.max(2, Math.floor(w / Math.max(keys.length, 1)) - 1));
  const bars = keys.map((k, i) => {
    const bh = Math.max(2, Math.round((days[k] / max) * (h - 4)));
    return `<rect x="${i * (bw + 1)}" y="${h - bh}" width="${bw}" height="${bh}" fill="#0b63b6"><title>${esc(k)}: ${days[k]}</title></rect>`;
  }).join("");
  return `<svg class="sparkline" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="articles over time">${bars}</svg>`;
}

/* articles per day and language, as stacked bars with a legend */
function timelinePlot(timeline) {
  const days = [...new Set(timeline.map(t => t.day))].sort();
  const ls = [...new Set(timeline.map(t => t.lang))].sort();
  if (!days.length) return "<p class='muted'>No dates.</p>";
  const W = 640, H = 180, pad = 28;
  const per = {};
  for (const t of timeline) per[t.day + "|" + t.lang] = t.count;
  const totals = days.map(d => ls.reduce((a, l) => a + (per[d + "|" + l] || 0), 0));
  const max = Math.max(...totals);
  const bw = Math.min(48, Math.max(6, Math.floor((W - pad) / days.length) - 4));
  let svg = "";
  days.forEach((d, i) => {
    let y = H - pad;
    ls.forEach((l, j) => {
      const c = per[d + "|" + l] || 0;
      if (!c) return;
      const bh = Math.round((c / max) * (H - pad - 10));
      y -= bh;
      svg += `<rect x="${pad + i * (bw + 4)}" y="${y}" width="${bw}" height="${bh}" fill="${COLORS[j % COLORS.length]}"><title>${esc(d)} ${esc(l)}: ${c}</title></rect>`;
    });
    if (days.length <= 14 || i % Math.ceil(days.length / 14) === 0)
      svg += `<text x="${pad + i * (bw + 4)}" y="${H - 10}" font-size="10" fill="#6b7580">${esc(d.slice(5))}</text>`;
  });
  svg += `<text x="0" y="14" font-size="10" fill="#6b7580">${max}</text>`;
  const legend = ls.map((l, j) => `<span><svg width="10" height="10"><rect width="10" height="10" fill="${COLORS[j % COLORS.length]}"/></svg> ${esc(l)}</span>`).join("");
  return `<svg id="timeline-plot" width="100%" viewBox="0 0 ${W} ${H}" role="img" aria-label="timeline per language">${svg}</svg><div class="legend">${legend}</div>`;
}

async function showList() {
  const q = document.getElementById("q").value.trim();
  const lang = document.getElementById("lang").value;
  const params = new URLSearchParams({limit: "30"});
  if (q) params.set("q", q);
  if (lang) params.set("lang", lang);
  main.innerHTML = "<p class='muted'>Loading…</p>";
  try {
    const data = await api("/stories?" + params);
    if (!data.stories.length) {
      main.innerHTML = "<p class='muted'>No stories match.</p>";
      return;
    }
    main.innerHTML = `<h1 class="muted" style="font-size:1rem">Top stories${q ? " for “" + esc(q) + "”" : ""}</h1>` +
      data.stories.map(s => `
      <article class="story" data-story="${s.id}">
        <h2><a href="#/story/${s.id}">${esc(s.title || s.label)}</a></h2>
        <div class="label">${esc(s.label)}</div>
        <div class="meta"><span>${s.size} article${s.size === 1 ? "" : "s"}</span>
          <span>${langs(s.langs)}</span>
          <span>${esc((s.sources || []).slice(0, 3).join(", "))}${(s.sources || []).length > 3 ? " …" : ""}</span>
          <span>${esc(dateRange(s))}</span></div>
        <div class="spark" id="spark-${s.id}"></div>
      </article>`).join("");
    /* sparklines: each story's timeline */
    for (const s of data.stories.slice(0, 30)) {
      api("/stories/" + s.id).then(d => {
        const el = document.getElementById("spark-" + s.id);
        if (el) el.innerHTML = sparkline(d.timeline);
      }).catch(() => {});
    }
  } catch (e) {
    main.innerHTML = `<p class="muted">Cannot load stories: ${esc(e.message)}</p>`;
  }
}

async function showStory(id) {
  main.innerHTML = "<p class='muted'>Loading…</p>";
  try {
    const s = await api("/stories/" + encodeURIComponent(id));
    const redirected = s.redirected_from ? `<p class="muted">Story ${s.redirected_from} was merged into this one.</p>` : "";
    main.innerHTML = `
      <p><a href="#/">← all stories</a></p>
      <h1 id="story-title">${esc(s.title || s.label)}</h1>
      ${redirected}
      <p class="label">${esc(s.label)}</p>
      <div class="meta"><span>${s.size} articles</span><span>${langs(s.langs)}</span><span>${esc(dateRange(s))}</span></div>
      <div class="panel" id="storyline"><h3>Storyline</h3>${
        (s.storyline_stories || []).length > 1
          ? "<ol>" + s.storyline_stories.map(o => o.id === s.id
              ? `<li><strong>${esc(dateRange(o))} · ${esc(o.title || o.label)}</strong> (this story)</li>`
              : `<li><a href="#/story/${o.id}">${esc(dateRange(o))} · ${esc(o.title || o.label)}</a></li>`).join("") + "</ol>"
          : "<p class='muted'>No earlier or later story continues this one.</p>"}</div>
      <div class="panel"><h3>Timeline per language</h3>${timelinePlot(s.timeline)}</div>
      <div class="panel"><h3>Shared entities</h3><div class="chips">${
        s.entities.map(e => `<span title="${e.articles} articles">${esc(e.name)} · ${e.articles}</span>`).join("") || "<span class='muted'>none</span>"}</div></div>
      <div class="panel"><h3>Articles</h3><table id="articles">
        <tr><th>date</th><th>lang</th><th>source</th><th>title</th></tr>
        ${s.articles.map(a => `<tr><td>${esc((a.date || a.added || "").slice(0, 10))}</td><td>${langs([a.lang])}</td><td>${esc(a.source)}</td><td>${esc(a.title || a.id)}</td></tr>`).join("")}
      </table></div>
      <div class="panel"><h3>History</h3><table>${s.history.map(h =>
        `<tr><td>${esc(h.at)}</td><td>${esc(h.event)}</td><td>${esc(h.article)}</td><td class="muted">${esc(h.detail)}</td></tr>`).join("")}</table></div>`;
  } catch (e) {
    main.innerHTML = `<p><a href="#/">← all stories</a></p><p class="muted">${esc(e.message)}</p>`;
  }
}

function route() {
  const m = location.hash.match(/^#\/story\/(\d+)/);
  if (m) showStory(m[1]); else showList();
}

document.getElementById("search").addEventListener("submit", ev => {
  ev.preventDefault();
  if (location.hash && location.hash !== "#/") location.hash = "#/"; else showList();
});
window.addEventListener("hashchange", route);
api("/health").then(h => {
  document.getElementById("health").textContent = `${h.articles} articles · ${h.stories} stories`;
}).catch(() => {});
api("/stories?limit=1000").then(d => {
  const seen = new Set();
  d.stories.forEach(s => (s.langs || []).forEach(l => seen.add(l)));
  const sel = document.getElementById("lang");
  [...seen].sort().forEach(l => { const o = document.createElement("option"); o.value = l; o.textContent = l; sel.appendChild(o); });
}).catch(() => {});
route();
