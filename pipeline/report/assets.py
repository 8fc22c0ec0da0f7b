"""The report's stylesheet and script, inlined into every page (nothing is fetched)."""
from __future__ import annotations

import functools
import re

from pipeline.report.data import colour_for


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


@functools.lru_cache(maxsize=1024)
def css_class(category: str) -> str:
    """A category name made safe for a CSS class and attribute selector."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(category)) or "_"


def category_css(categories: list[str]) -> str:
    """Per-category colours, and the rule that hides a category's blocks when it is switched off."""
    out = []
    for cat in categories:
        col, c = colour_for(cat), css_class(cat)
        out.append(
            f".c-{c}{{background:{col}}}"
            f"mark.rm.c-{c}{{background:{_rgba(col, .32)};border-bottom:2px solid {col}}}"
            f"mark.rm.c-{c}::before{{background:{col}}}"
            f"body.hide-{c} mark.rm.c-{c}{{display:none}}"
            f"body.hide-{c} .chip[data-cat={c}]{{opacity:.45}}"
        )
    return "\n".join(out)


CSS = r"""
:root{--fg:#1f2933;--muted:#6b7280;--line:#e4e7eb;--soft:#f1f3f5;--bg:#f5f6f8;--card:#fff;
--accent:#2563eb;--ok:#16a34a;--empty:#d97706;--error:#dc2626;--kept:#d9e2ec}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.wrap{max-width:1240px;margin:0 auto;padding:22px 28px 72px}
.top{display:flex;align-items:flex-end;justify-content:space-between;gap:16px;flex-wrap:wrap}
.top h1{font-size:23px;margin:0;letter-spacing:-.01em}
.top nav a{margin-left:14px}
.sub{color:var(--muted);font-size:12.5px;margin-top:3px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin:18px 0 12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px}
.card .k{color:var(--muted);font-size:11.5px;text-transform:uppercase;letter-spacing:.05em}
.card .v{font-size:26px;font-weight:650;font-variant-numeric:tabular-nums;line-height:1.25}
.card .d{color:var(--muted);font-size:12px}
.card.bad .v{color:var(--error)}
.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px 16px;margin:12px 0}
.panel h2{font-size:15px;margin:0 0 10px;display:flex;justify-content:space-between;align-items:baseline;gap:10px}
.panel h2 small{font-weight:400;color:var(--muted);font-size:12px}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px}
.grid2>.panel{margin:0}
.grid2>.col>.panel{margin:0 0 12px}.grid2>.col>.panel:last-child{margin-bottom:0}
@media (max-width:960px){.grid2{grid-template-columns:1fr}}
.comp{display:flex;height:14px;border-radius:7px;overflow:hidden;background:var(--kept);margin:4px 0 8px}
.comp span{display:block;height:100%}
.comp .kept{background:var(--kept)}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:var(--muted)}
.sw{display:inline-block;width:10px;height:10px;border-radius:3px;margin-right:5px;vertical-align:-1px}
table.t{border-collapse:collapse;width:100%}
.t th{text-align:left;font-weight:600;color:var(--muted);font-size:11.5px;text-transform:uppercase;letter-spacing:.04em;
border-bottom:1px solid var(--line);padding:5px 8px}
.t td{padding:4px 8px;border-bottom:1px solid var(--soft);font-variant-numeric:tabular-nums;vertical-align:top}
.t tr:last-child td{border-bottom:0}
.t .n{text-align:right;white-space:nowrap}
.t .minibar{width:90px}
.minibar i{display:block;height:8px;border-radius:4px;min-width:2px}
.t .desc{color:var(--muted);font-size:12px}
svg.chart{width:100%;height:auto;display:block}
svg.chart text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:var(--fg)}
svg.chart text.v{fill:var(--muted)}
.empty-note{color:var(--muted);font-style:italic}
/* documents */
.toolbar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:10px}
.toolbar input[type=search]{flex:1 1 280px;min-width:220px;padding:7px 10px;border:1px solid #cbd2d9;border-radius:7px;font:inherit}
.toolbar select{padding:6px 8px;border:1px solid #cbd2d9;border-radius:7px;font:inherit;background:#fff}
.chips{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:2px 0 10px}
.chips .lbl{color:var(--muted);font-size:12px;margin-right:2px}
.chip{border:1px solid var(--line);background:#fff;border-radius:999px;padding:3px 10px 3px 8px;font:inherit;font-size:12.5px;
cursor:pointer;display:inline-flex;align-items:center;gap:2px;color:var(--fg)}
.chip:hover{border-color:#9aa5b1}
.chip[aria-pressed=false]{text-decoration:line-through;color:var(--muted)}
.chip .cnt{color:var(--muted);margin-left:4px;font-variant-numeric:tabular-nums}
.linkbtn{background:none;border:0;color:var(--accent);cursor:pointer;font:inherit;font-size:12.5px;padding:2px 4px}
.count{color:var(--muted);font-size:12.5px;margin-left:auto}
.list{border:1px solid var(--line);border-radius:8px;overflow:hidden;background:#fff}
.row{display:grid;grid-template-columns:18px 12px minmax(0,1fr) 130px 150px 48px;gap:10px;align-items:center;
padding:8px 12px;border-bottom:1px solid var(--soft);cursor:pointer;color:inherit}
.row:hover{background:#f8fafc;text-decoration:none}
.row.open{background:#eef4ff}
.row .tw{color:var(--muted);font-size:11px;transition:transform .15s}
.row.open .tw{transform:rotate(90deg)}
.dot{width:9px;height:9px;border-radius:50%}
.dot.ok{background:var(--ok)}.dot.empty{background:var(--empty)}.dot.error{background:var(--error)}
.row .src{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row .rec{color:var(--muted);font-weight:400}
.row .ttl{color:#3e4c59;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:13px}
.row .url{color:var(--muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:12px}
.row .err{color:var(--error);font-size:12px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row .num{font-variant-numeric:tabular-nums;text-align:right;color:#3e4c59;font-size:12.5px;white-space:nowrap}
.row .pct{font-variant-numeric:tabular-nums;text-align:right;font-size:12.5px}
.bar{display:flex;height:10px;border-radius:5px;overflow:hidden;background:var(--kept)}
.bar span{display:block;height:100%}
.pager{display:flex;gap:6px;align-items:center;justify-content:center;margin:10px 0 0;color:var(--muted);font-size:12.5px}
.pager button{border:1px solid var(--line);background:#fff;border-radius:6px;padding:3px 10px;font:inherit;cursor:pointer}
.pager button:disabled{opacity:.4;cursor:default}
.slot{padding:4px 14px 14px 40px;border-bottom:1px solid var(--line);background:#fbfcfe}
.nores{padding:18px;color:var(--muted);text-align:center}
/* one document */
.doc{background:#fff;border:1px solid var(--line);border-radius:10px;padding:14px 18px 16px;margin:12px 0}
.slot .doc{margin:10px 0 0}
.doc{scroll-margin-top:70px}
.doc:target{outline:2px solid var(--accent);outline-offset:2px}
.doc h3{margin:0;font-size:15px;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.doc h3 .rec{color:var(--muted);font-weight:400}
.doc h3 code{color:var(--muted);font-weight:400}
.badge{font-size:11px;border-radius:999px;padding:1px 8px;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.badge.ok{background:#dcfce7;color:#166534}.badge.empty{background:#fef3c7;color:#92400e}.badge.error{background:#fee2e2;color:#991b1b}
.meta{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:6px 18px;margin:10px 0 8px;padding:8px 12px;
background:var(--soft);border-radius:8px}
.meta div{min-width:0}
.meta dt{color:var(--muted);font-size:11px;text-transform:uppercase;letter-spacing:.05em}
.meta dd{margin:0;overflow-wrap:anywhere}
.meta dd.none{color:#9aa5b1}
.meta .wide{grid-column:1/-1}
.fixes{font-size:12.5px;margin:6px 0;color:var(--muted)}
.fix{display:inline-block;background:#eef2ff;color:#3730a3;border-radius:5px;padding:0 6px;margin:1px 3px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.docsum{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12.5px;color:var(--muted);margin:4px 0 8px}
.errbox{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;border-radius:8px;padding:8px 12px;white-space:pre-wrap;
font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:14.5px;line-height:1.7;max-width:88ch;padding:4px 2px}
.fold{display:inline-block;margin:2px 0;padding:0 6px;border-radius:3px;background:#eef0f3;color:#667;font:italic 12px system-ui,sans-serif}
mark.rm{position:relative;color:inherit;border-radius:3px;padding:1px 1px;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.rm::before{content:attr(data-cat);font:600 9.5px/1 system-ui,sans-serif;text-transform:uppercase;letter-spacing:.04em;
color:#1f2933;border-radius:3px;padding:2px 4px;margin-right:5px;vertical-align:2px;opacity:.9}
mark.rm:hover{outline:1px solid rgba(0,0,0,.25)}
mark.rm:hover::after{content:attr(data-cat) " \00b7  rule " attr(data-rule);position:absolute;left:0;bottom:calc(100% + 4px);
background:#111827;color:#fff;font:12px/1.3 ui-monospace,Menlo,Consolas,monospace;padding:4px 8px;border-radius:5px;
white-space:nowrap;z-index:10;pointer-events:none}
.sticky{position:sticky;top:0;z-index:20;background:var(--bg);padding:6px 0 2px;border-bottom:1px solid var(--line)}
.sticky .chips{margin:0 0 4px}
.pagenav{display:flex;justify-content:space-between;align-items:center;margin:8px 0;font-size:13px}
footer{margin-top:30px;color:var(--muted);font-size:12px;text-align:center}
"""

JS = r"""
(function () {
  'use strict';
  var $ = function (s, el) { return (el || document).querySelector(s); };
  var $$ = function (s, el) { return Array.prototype.slice.call((el || document).querySelectorAll(s)); };
  var fmt = function (n) { return n == null ? '\u2013' : Number(n).toLocaleString('en-US'); };
  var esc = function (s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  };

  // Category chips: switch a category's removed blocks off and on, everywhere on the page.
  function setCat(cat, on) {
    document.body.classList.toggle('hide-' + cat, !on);
    $$('.chip[data-cat="' + cat + '"]').forEach(function (b) { b.setAttribute('aria-pressed', on ? 'true' : 'false'); });
  }
  $$('.chip[data-cat]').forEach(function (b) {
    b.addEventListener('click', function () { setCat(b.dataset.cat, b.getAttribute('aria-pressed') === 'false'); });
  });
  $$('[data-allcats]').forEach(function (b) {
    b.addEventListener('click', function () {
      var on = b.dataset.allcats === 'on';
      $$('.chip[data-cat]').forEach(function (c) { setCat(c.dataset.cat, on); });
    });
  });

  // A large run's page of documents: its sections come gzip-compressed; inflate them.
  var packed = document.getElementById('docs-z');
  if (packed) {
    unpack(packed.textContent).then(function (html) {
      $('#docs').innerHTML = html;
      var h = decodeURIComponent(location.hash || '');
      var target = h.length > 1 && document.getElementById(h.slice(1));
      if (target) target.scrollIntoView({block: 'start'});
    }, function (e) {
      $('#docs').innerHTML = '<div class="errbox">This browser cannot open the compressed documents of this page (' +
        esc(e && e.message) + '). <code>python -m pipeline inspect DIR --doc ID</code> prints a document.</div>';
    }).then(function () { document.body.dataset.ready = '1'; });
    return;
  }
  function unpack(b64) {
    if (typeof DecompressionStream === 'undefined') return Promise.reject(new Error('no DecompressionStream'));
    var bin = atob(b64.trim()), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  }

  var dataEl = document.getElementById('report-data');
  if (!dataEl) { document.body.dataset.ready = '1'; return; }
  var R = JSON.parse(dataEl.textContent);
  var ID = 0, SRC = 1, REC = 2, TITLE = 3, URL = 4, STATUS = 5, CIN = 6, COUT = 7, PAGE = 8, CATS = 9, NBLK = 10, ERR = 11;
  var shards = R.shards;
  var waiting = {};
  window.__reportShard = function (k, rows) {
    shards[k] = rows;
    (waiting[k] || []).forEach(function (f) { f(); });
    delete waiting[k];
  };
  function loadShard(k) {
    if (shards[k]) return Promise.resolve(shards[k]);
    return new Promise(function (resolve, reject) {
      var first = !waiting[k];
      (waiting[k] = waiting[k] || []).push(function () { resolve(shards[k]); });
      if (!first) return;
      var s = document.createElement('script');
      s.src = R.shard_files[k];
      s.onerror = function () { reject(new Error('cannot load ' + R.shard_files[k])); };
      document.head.appendChild(s);
    });
  }
  function rowAt(i) {
    var k = Math.floor(i / R.shard_size);
    return loadShard(k).then(function (rows) { return rows[i - k * R.shard_size]; });
  }

  var state = {q: '', cat: '', status: '', sort: '', page: 0};
  var matches = null;   // null: every document in order; else global row numbers
  var gen = 0;
  var store = {};
  $$('#docstore > .doc').forEach(function (s) { store[s.dataset.i] = s; });
  var list = $('#doclist'), countEl = $('#doccount'), pager = $('#pager');

  function removed(r) { return r[CIN] ? Math.max(0, 1 - (r[COUT] || 0) / r[CIN]) : 0; }
  function catChars(r, ci) { var c = r[CATS]; return c && ci < c.length ? c[ci] : 0; }

  function compute() {
    var my = ++gen;
    var q = state.q.trim().toLowerCase();
    if (!q && !state.cat && !state.status && !state.sort) { matches = null; return Promise.resolve(true); }
    var ci = state.cat ? R.cats.indexOf(state.cat) : -1;
    var out = [], keys = [];
    var k = 0;
    function step() {
      if (my !== gen) return Promise.resolve(false);
      if (k >= shards.length) {
        if (state.sort) {
          var order = out.map(function (_, j) { return j; });
          order.sort(function (a, b) { return keys[b] - keys[a] || out[a] - out[b]; });
          out = order.map(function (j) { return out[j]; });
        }
        matches = out;
        return Promise.resolve(true);
      }
      if (shards.length > 1) countEl.textContent = 'searching\u2026 ' + Math.round(100 * k / shards.length) + '%';
      return loadShard(k).then(function (rows) {
        var base = k * R.shard_size;
        for (var j = 0; j < rows.length; j++) {
          var r = rows[j];
          if (state.status && r[STATUS] !== state.status) continue;
          if (ci >= 0 && !(catChars(r, ci) > 0)) continue;
          if (q) {
            var hay = r._h || (r._h = ((r[SRC] || '') + '\n' + (r[TITLE] || '') + '\n' + (r[URL] || '') + '\n' + (r[REC] || '')).toLowerCase());
            if (hay.indexOf(q) < 0) continue;
          }
          out.push(base + j);
          if (state.sort === 'share') keys.push(removed(r));
          else if (state.sort === 'chars') keys.push((r[CIN] || 0) - (r[COUT] || 0));
          else if (state.sort === 'size') keys.push(r[CIN] || 0);
          else if (state.sort === 'errors') keys.push(r[STATUS] === 'error' ? 2 : r[STATUS] === 'empty' ? 1 : 0);
        }
        k++;
        return step();
      });
    }
    return step();
  }

  function docHref(r) { return R.page_files[r[PAGE]] + '#d-' + encodeURIComponent(r[ID]); }

  function rowHtml(i, r) {
    var cin = r[CIN] || 0, bars = '';
    if (cin) {
      (r[CATS] || []).forEach(function (n, ci) {
        if (n) bars += '<span class="c-' + esc(R.cat_cls[ci]) + '" style="width:' + (100 * n / cin).toFixed(2) + '%" title="' + esc(R.cats[ci]) + ': ' + fmt(n) + ' chars"></span>';
      });
    }
    var sub = r[STATUS] === 'error'
      ? '<div class="err">' + esc(r[ERR] || 'error') + '</div>'
      : '<div class="ttl">' + (r[TITLE] ? esc(r[TITLE]) : '<span style="color:#9aa5b1">no title</span>') + '</div>' + (r[URL] ? '<div class="url">' + esc(r[URL]) + '</div>' : '');
    var inner = '<span class="tw">' + (R.inline ? '\u25b6' : '\u2197') + '</span><span class="dot ' + esc(r[STATUS]) + '" title="' + esc(r[STATUS]) + '"></span>' +
      '<div style="min-width:0"><div class="src">' + esc(r[SRC]) + (r[REC] != null ? ' <span class="rec">#' + esc(r[REC]) + '</span>' : '') + '</div>' + sub + '</div>' +
      '<div class="num" title="characters in \u2192 out">' + fmt(r[CIN]) + ' \u2192 ' + fmt(r[COUT]) + '</div>' +
      '<div class="bar" title="removed, by category">' + bars + '</div>' +
      '<div class="pct">' + (cin ? Math.round(100 * removed(r)) + '%' : '') + '</div>';
    if (R.inline) return '<div class="row" data-i="' + i + '" data-doc="' + esc(r[ID]) + '">' + inner + '</div>';
    return '<a class="row" data-i="' + i + '" data-doc="' + esc(r[ID]) + '" href="' + esc(docHref(r)) + '">' + inner + '</a>';
  }

  function parkAll() {
    $$('.slot .doc', list).forEach(function (s) { $('#docstore').appendChild(s); });
  }

  function toggle(rowEl, open) {
    var i = rowEl.dataset.i, sec = store[i];
    if (!sec) return;
    var isOpen = rowEl.classList.contains('open');
    if (open === undefined) open = !isOpen;
    if (open === isOpen) return;
    if (open) {
      var slot = document.createElement('div');
      slot.className = 'slot';
      slot.appendChild(sec);
      rowEl.after(slot);
      rowEl.classList.add('open');
    } else {
      $('#docstore').appendChild(sec);
      if (rowEl.nextElementSibling && rowEl.nextElementSibling.classList.contains('slot')) rowEl.nextElementSibling.remove();
      rowEl.classList.remove('open');
    }
  }

  function render() {
    var total = matches ? matches.length : R.n;
    var pages = Math.max(1, Math.ceil(total / R.page_size));
    if (state.page >= pages) state.page = pages - 1;
    var lo = state.page * R.page_size, hi = Math.min(total, lo + R.page_size);
    var idx = [];
    for (var j = lo; j < hi; j++) idx.push(matches ? matches[j] : j);
    var my = gen;
    return Promise.all(idx.map(rowAt)).then(function (rows) {
      if (my !== gen) return;
      parkAll();
      list.innerHTML = rows.length ? rows.map(function (r, j) { return rowHtml(idx[j], r); }).join('')
        : '<div class="nores">No document matches.</div>';
      countEl.textContent = total === R.n ? fmt(R.n) + ' documents' : fmt(total) + ' of ' + fmt(R.n) + ' documents';
      pager.innerHTML = '<button data-go="first"' + (state.page ? '' : ' disabled') + '>\u00ab</button>' +
        '<button data-go="prev"' + (state.page ? '' : ' disabled') + '>\u2039 prev</button>' +
        '<span>' + (total ? fmt(lo + 1) + '\u2013' + fmt(hi) : '0') + ' of ' + fmt(total) + ' \u00b7 page ' + fmt(state.page + 1) + ' of ' + fmt(pages) + '</span>' +
        '<button data-go="next"' + (state.page < pages - 1 ? '' : ' disabled') + '>next \u203a</button>' +
        '<button data-go="last"' + (state.page < pages - 1 ? '' : ' disabled') + '>\u00bb</button>';
      pager.dataset.pages = pages;
    });
  }

  function refresh() { return compute().then(function (ok) { if (ok) return render(); }); }

  var timer = null;
  $('#q').addEventListener('input', function (e) {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = e.target.value; state.page = 0; refresh(); }, R.n > 20000 ? 250 : 60);
  });
  $('#fcat').addEventListener('change', function (e) { state.cat = e.target.value; state.page = 0; refresh(); });
  $('#fstatus').addEventListener('change', function (e) { state.status = e.target.value; state.page = 0; refresh(); });
  $('#fsort').addEventListener('change', function (e) { state.sort = e.target.value; state.page = 0; refresh(); });
  pager.addEventListener('click', function (e) {
    var b = e.target.closest('button[data-go]');
    if (!b || b.disabled) return;
    var pages = +pager.dataset.pages, g = b.dataset.go;
    state.page = g === 'first' ? 0 : g === 'prev' ? state.page - 1 : g === 'next' ? state.page + 1 : pages - 1;
    render();
  });
  list.addEventListener('click', function (e) {
    if (!R.inline) return;
    if (e.target.closest('.slot')) return;
    var row = e.target.closest('.row');
    if (row) toggle(row);
  });
  $$('[data-expand]').forEach(function (b) {
    b.addEventListener('click', function () {
      var open = b.dataset.expand === 'all';
      $$('.row', list).forEach(function (r) { toggle(r, open); });
    });
  });

  function openFromHash() {
    var h = decodeURIComponent(location.hash || '');
    if (!R.inline || h.indexOf('#d-') !== 0) return;
    var id = h.slice(3);
    var sec = document.getElementById('d-' + id);
    if (!sec) return;
    var i = +sec.dataset.i;
    state = {q: '', cat: '', status: '', sort: '', page: Math.floor(i / R.page_size)};
    matches = null;
    $('#q').value = ''; $('#fcat').value = ''; $('#fstatus').value = ''; $('#fsort').value = '';
    render().then(function () {
      var row = $('.row[data-i="' + i + '"]', list);
      if (row) { toggle(row, true); row.scrollIntoView({block: 'start'}); }
    });
  }
  window.addEventListener('hashchange', openFromHash);
  render().then(function () {
    if (location.hash) openFromHash();
    else if (R.inline && R.open_first) { var r = $('.row', list); if (r) toggle(r, true); }
    document.body.dataset.ready = '1';
  });
})();
"""
