/*
 * Prongsai Thai site search (design and measurements: docs/search.md).
 *
 * Loaded on first use by partials/search.html; fetches assets/search/index.json
 * (built by generator/search_hook.py) and drives Material's search box markup.
 *
 * Matching is by substring over a normalised copy of each text (lower case, Thai
 * digits as Arabic digits, spaces and punctuation removed, ํา -> ำ, เเ -> แ), so a
 * Thai word is found inside a longer compound and a query typed with or without
 * spaces finds the same text.  The query is split into words by the browser's
 * Intl.Segmenter; the word boundaries that PyThaiNLP found at build time (U+200B in
 * the index) are used only for ranking: a whole-word hit scores more than a hit
 * inside a longer word.  Pages are ranked by a BM25-like score over title, headings
 * and text, with bonuses for the whole query found as a phrase.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-prongsai-search]");
  if (!root || root.prongsai) return;

  var ZWSP = "\u200b";
  var THAI = 1, ALNUM = 2;
  var W_TITLE = 6, W_HEAD = 2.5, K1 = 1.2, B = 0.75, W_FULL_TITLE = 1.3;
  var MAX_HITS = 50, MAX_RESULTS = 50, SHOW_SECTIONS = 3, SNIPPET = 180;

  var reWord = /[\p{L}\p{M}\p{N}]/u;
  var segmenter = (typeof Intl !== "undefined" && Intl.Segmenter)
    ? new Intl.Segmenter("th", { granularity: "word" }) : null;

  /* ------------------------------------------------------------------------
   * Normalisation
   * --------------------------------------------------------------------- */

  function charClass(c) {
    var code = c.charCodeAt(0);
    if (code >= 0x0e01 && code <= 0x0e4f) return THAI;
    return ALNUM;
  }

  /*
   * norm(raw) -> {d: display text, s: match text, m: s index -> d index,
   *               wb: 1 where a word starts in s}
   * raw may contain U+200B word marks (from the index) and "\n" block breaks.
   */
  function norm(raw) {
    var d = raw.indexOf(ZWSP) >= 0 ? raw.split(ZWSP).join("") : raw;
    var s = [], m = [], wb = [];
    var pending = true, prevClass = 0, di = -1;
    for (var i = 0; i < raw.length; i++) {
      var c = raw[i];
      if (c === ZWSP) { pending = true; continue; }
      di++;
      if (c === "\n") {
        s.push("\n"); m.push(di); wb.push(1); pending = true; prevClass = 0;
        continue;
      }
      var code = c.charCodeAt(0), cls, word;
      if (code >= 0x0e01 && code <= 0x0e4f) { cls = THAI; word = true; }
      else {
        cls = ALNUM;
        if (code >= 0x0e50 && code <= 0x0e59) { c = String.fromCharCode(code - 0x0e50 + 48); word = true; }
        else if (code >= 0xd800 && code <= 0xdbff && i + 1 < raw.length) {  // astral char
          i++; di++; pending = true; prevClass = 0;
          continue;
        } else if (code < 128) {
          word = (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
          if (code >= 65 && code <= 90) c = String.fromCharCode(code + 32);
        } else {
          word = reWord.test(c);
          var lc = c.toLowerCase();
          if (lc.length === 1) c = lc;
        }
      }
      if (!word) {
        // 70,000 stays one number
        var prev = s[s.length - 1] || "";
        if (!(c === "," && prevClass === ALNUM && prev >= "0" && prev <= "9" &&
              /[0-9\u0e50-\u0e59]/.test(raw[i + 1] || ""))) pending = true;
        continue;
      }
      var last = s[s.length - 1];
      if (c === "\u0e32" && last === "\u0e4d" && !pending) {  // ํ + า -> ำ
        s[s.length - 1] = "\u0e33";
        continue;
      }
      if (c === "\u0e40" && last === "\u0e40" && !pending) {  // เ + เ -> แ
        s[s.length - 1] = "\u0e41";
        continue;
      }
      s.push(c); m.push(di);
      wb.push(pending || cls !== prevClass ? 1 : 0);
      pending = false; prevClass = cls;
    }
    m.push(d.length);
    return { d: d, s: s.join(""), m: m, wb: wb };
  }

  function isBoundary(n, i) {
    return i <= 0 || i >= n.s.length || n.wb[i] === 1;
  }

  /* Split a query into search terms. */
  function parseQuery(q) {
    var n = norm(q.trim());
    var terms = [], seen = {}, chunk = "";
    function add(t) {
      if (t && !seen[t]) { seen[t] = 1; terms.push(t); }
    }
    function flush() {
      if (!chunk) return;
      if (charClass(chunk[0]) === THAI) {
        var segs = [];
        if (segmenter) {
          var it = segmenter.segment(chunk)[Symbol.iterator]();
          for (var r = it.next(); !r.done; r = it.next()) segs.push(r.value.segment);
        } else {
          segs = siteWords(chunk);  // browsers without Intl.Segmenter
        }
        // The browser's dictionary may cut finer than the site's words (งบ|ประมาณ):
        // join neighbouring pieces while the joined string is one word of the site
        // (as PyThaiNLP segmented it at build time).
        for (var a = 0; a < segs.length;) {
          var b = a + 1, word = segs[a];
          while (b < segs.length && isSiteWord(word + segs[b])) word += segs[b++];
          add(word);
          a = b;
        }
      } else {
        add(chunk);
      }
      chunk = "";
    }
    for (var i = 0; i < n.s.length; i++) {
      if (n.wb[i] === 1) flush();
      chunk += n.s[i];
    }
    flush();
    // Single Thai characters (ณ, ๆ ...) carry no meaning on their own.
    if (terms.length > 1) {
      terms = terms.filter(function (t) { return t.length > 1 || charClass(t) !== THAI; });
    }
    return { terms: terms, phrase: n.s.replace(/\n/g, "") };
  }

  /* ------------------------------------------------------------------------
   * Index
   * --------------------------------------------------------------------- */

  var pages = null, avgLen = 1, corpus = null;

  /* Longest-match segmentation with the site's own words (fallback only). */
  function siteWords(text) {
    var out = [], a = 0;
    while (a < text.length) {
      var b = Math.min(text.length, a + 30);
      while (b > a + 1 && !isSiteWord(text.slice(a, b))) b--;
      if (b === a + 1 && out.length && !isSiteWord(text[a])) out[out.length - 1] += text[a];
      else out.push(text.slice(a, b));
      a = b;
    }
    return out;
  }

  /* Is w, somewhere in the site, a whole word (boundaries at both ends, none inside)? */
  function isSiteWord(w) {
    if (!corpus) return false;
    var pos = corpus.s.indexOf(w), tries = 0;
    while (pos >= 0 && tries++ < 500) {
      if (isBoundary(corpus, pos) && isBoundary(corpus, pos + w.length)) {
        var inside = false;
        for (var i = pos + 1; i < pos + w.length; i++) if (corpus.wb[i] === 1) { inside = true; break; }
        if (!inside) return true;
      }
      pos = corpus.s.indexOf(w, pos + 1);
    }
    return false;
  }

  function prepare(data) {
    var total = 0;
    pages = data.pages.map(function (p) {
      var page = { url: p.u, title: norm(p.t), boost: p.b || 1, sections: [], len: 0 };
      p.s.forEach(function (sec) {
        var section = { anchor: sec[0], head: norm(sec[1]), body: norm(sec[2]) };
        page.len += section.body.s.length + section.head.s.length;
        page.sections.push(section);
      });
      total += page.len;
      return page;
    });
    avgLen = Math.max(1, total / Math.max(1, pages.length));
    var all = [], wb = [];
    function add(n) {
      all.push(n.s, "\n");
      for (var i = 0; i < n.wb.length; i++) wb.push(n.wb[i]);
      wb.push(1);
    }
    pages.forEach(function (p) {
      add(p.title);
      p.sections.forEach(function (sec) { add(sec.head); add(sec.body); });
    });
    corpus = { s: all.join(""), wb: wb };
  }

  /* Occurrences of term t in normalised text n: [pos, quality, ...]. */
  function hits(n, t, alnum) {
    var out = [], pos = n.s.indexOf(t);
    while (pos >= 0 && out.length < 2 * MAX_HITS) {
      var start = isBoundary(n, pos), end = isBoundary(n, pos + t.length), q;
      if (alnum) q = start ? (end ? 1 : 0.6) : 0;
      else q = start ? (end ? 1 : 0.75) : (end ? 0.6 : 0.45);
      if (q > 0) out.push(pos, q);
      pos = n.s.indexOf(t, pos + 1);
    }
    return out;
  }

  function best(h) {
    var b = 0;
    for (var i = 1; i < h.length; i += 2) if (h[i] > b) b = h[i];
    return b;
  }

  function sum(h) {
    var b = 0;
    for (var i = 1; i < h.length; i += 2) b += h[i];
    return b;
  }

  function bm25(tf, len) {
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * len / avgLen));
  }

  function search(query) {
    var parsed = parseQuery(query);
    var terms = parsed.terms;
    if (!terms.length) return { terms: [], items: [] };
    var alnum = terms.map(function (t) { return charClass(t) === ALNUM; });
    var usePhrase = terms.length > 1 && parsed.phrase.length > 1;

    // Collect hits for every page and term.
    var df = terms.map(function () { return 0; });
    var found = pages.map(function (page) {
      var f = { page: page, title: [], secs: [] };
      var any = terms.map(function () { return false; });
      terms.forEach(function (t, k) {
        var h = hits(page.title, t, alnum[k]);
        f.title.push(h);
        if (h.length) any[k] = true;
      });
      page.sections.forEach(function (sec) {
        var sh = { sec: sec, head: [], body: [] };
        terms.forEach(function (t, k) {
          var hh = hits(sec.head, t, alnum[k]), hb = hits(sec.body, t, alnum[k]);
          sh.head.push(hh); sh.body.push(hb);
          if (hh.length || hb.length) any[k] = true;
        });
        if (usePhrase) {
          sh.phead = hits(sec.head, parsed.phrase, false);
          sh.pbody = hits(sec.body, parsed.phrase, false);
        }
        f.secs.push(sh);
      });
      if (usePhrase) f.ptitle = hits(page.title, parsed.phrase, false);
      any.forEach(function (a, k) { if (a) df[k]++; });
      f.any = any;
      return f;
    });

    var N = pages.length;
    var idf = df.map(function (x) { return x ? Math.log(1 + (N - x + 0.5) / (x + 0.5)) : 0; });
    var idfSum = idf.reduce(function (a, b) { return a + b; }, 0) || 1;
    var missing = terms.filter(function (t, k) { return !df[k]; });

    // Title weights: idf, half-way smoothed towards the mean, so that a common
    // word (a year, รายงาน) still counts when the title has every word typed.
    var nFound = df.filter(Boolean).length || 1;
    var wts = idf.map(function (x) { return x ? 0.5 * x + 0.5 * idfSum / nFound : 0; });
    var wSum = wts.reduce(function (a, b) { return a + b; }, 0) || 1;

    var items = [];
    found.forEach(function (f) {
      var page = f.page, covered = 0;
      // The whole query found as a phrase covers all of its words.
      var pAny = usePhrase && (f.ptitle.length > 0 || f.secs.some(function (sh) {
        return sh.phead.length > 0 || sh.pbody.length > 0;
      }));
      terms.forEach(function (t, k) { if (f.any[k] || (pAny && idf[k])) covered += idf[k]; });
      if (!covered) return;

      // Title: how much of the query it has (squared), and how much of it is the query.
      var tc = 0, titleMatched = 0;
      terms.forEach(function (t, k) {
        var q = best(f.title[k]);
        tc += wts[k] * q;
        if (q) titleMatched += t.length;
      });
      var ptitle = usePhrase && f.ptitle.length ? best(f.ptitle) : 0;
      var titleCov = Math.max(tc / wSum, ptitle);
      var titleLen = Math.max(1, page.title.s.length);
      var titleFrac = Math.min(1, Math.max(titleMatched, ptitle ? parsed.phrase.length : 0) / titleLen);
      var titleShape = 0.6 + 0.4 * titleFrac;
      var score = W_TITLE * idfSum * titleCov * titleCov * titleShape;
      if (ptitle) score += 0.5 * W_TITLE * idfSum * ptitle * titleShape;
      var why = { title: score };

      // Headings: like the title, the share of the query one heading has (squared).
      // Text: word by word, BM25-like (saturating, length-normalised).
      var secScores = [], headCov = 0;
      f.secs.forEach(function (sh, j) {
        var hc = 0;
        terms.forEach(function (t, k) { hc += wts[k] * best(sh.head[k]); });
        hc /= wSum;
        if (hc > headCov) headCov = hc;
        secScores[j] = W_HEAD * idfSum * hc * hc;
      });
      score += W_HEAD * idfSum * headCov * headCov;
      terms.forEach(function (t, k) {
        if (!f.any[k]) return;
        var tf = 0;
        f.secs.forEach(function (sh, j) {
          var bq = sum(sh.body[k]);
          tf += bq + best(sh.head[k]);
          secScores[j] += idf[k] * bm25(bq, avgLen / 4);
        });
        score += idf[k] * bm25(tf, page.len);
      });
      why.text = score - why.title;
      if (usePhrase) {
        var phead = 0, pbody = 0;
        f.secs.forEach(function (sh, j) {
          var a = best(sh.phead), b = best(sh.pbody);
          if (a > phead) phead = a;
          if (b > pbody) pbody = b;
          secScores[j] = (secScores[j] || 0) + idfSum * (W_HEAD * a + b);
        });
        score += idfSum * (W_HEAD * phead + pbody);
      }
      var coverage = covered / idfSum;
      why.phrase = score - why.title - why.text;
      why.coverage = coverage;
      // A title that has every word typed (the year too) names the page asked for: it beats
      // pages that only repeat a word in their text or headings.
      var fullTitle = ptitle > 0 || terms.every(function (t, k) { return !idf[k] || best(f.title[k]) > 0; });
      if (fullTitle) score *= W_FULL_TITLE;
      score *= coverage * coverage * page.boost;
      items.push({ f: f, score: score, secScores: secScores, why: why });
    });
    items.sort(function (a, b) { return b.score - a.score; });
    return { terms: terms, idf: idf, phrase: usePhrase ? parsed.phrase : "", missing: missing,
             items: items.slice(0, MAX_RESULTS), total: items.length };
  }

  /* ------------------------------------------------------------------------
   * Rendering (Material's markup, see Material's templates/search/index.tsx)
   * --------------------------------------------------------------------- */

  var i18n = JSON.parse(root.getAttribute("data-i18n") || "{}");
  var base = root.getAttribute("data-base-abs") ||
    new URL((root.getAttribute("data-base") || ".") + "/", location.href).href;
  var input = root.querySelector(".md-search__input");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");

  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* Display ranges [start, end) in n.d of all hits of the terms and phrase. */
  function ranges(n, res) {
    var out = [];
    var all = res.terms.concat(res.phrase ? [res.phrase] : []);
    all.forEach(function (t) {
      var alnum = charClass(t) === ALNUM && t !== res.phrase;
      var h = hits(n, t, alnum);
      for (var i = 0; i < h.length; i += 2) out.push([n.m[h[i]], n.m[h[i] + t.length - 1] + 1]);
    });
    out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  function highlight(text, rs, from, to) {
    var html = "", at = from;
    rs.forEach(function (r) {
      var a = Math.max(r[0], from), b = Math.min(r[1], to);
      if (b <= a) return;
      html += esc(text.slice(at, a)) + "<mark>" + esc(text.slice(a, b)) + "</mark>";
      at = b;
    });
    return html + esc(text.slice(at, to));
  }

  function snippet(n, res) {
    var text = n.d.replace(/\n/g, " ");
    var rs = ranges(n, res);
    if (!text) return "";
    var from = 0;
    if (rs.length) {
      // Window around the longest hit (the phrase if present).
      var bestR = rs[0];
      rs.forEach(function (r) { if (r[1] - r[0] > bestR[1] - bestR[0]) bestR = r; });
      from = Math.max(0, bestR[0] - 60);
      var sp = text.lastIndexOf(" ", bestR[0]);
      if (sp >= from - 20 && sp < bestR[0]) from = sp + 1;
    }
    var to = Math.min(text.length, from + SNIPPET);
    return (from > 0 ? "… " : "") + highlight(text, rs, from, to) + (to < text.length ? " …" : "");
  }

  function link(page, anchor) {
    return new URL(page.url + (anchor ? "#" + anchor : ""), base).href;
  }

  function article(href, score, title, text, parent) {
    return '<a href="' + esc(href) + '" class="md-search-result__link" tabindex="-1">' +
      '<article class="md-search-result__article md-typeset" data-md-score="' + score.toFixed(2) + '">' +
      (parent ? '<div class="md-search-result__icon md-icon"></div><h1>' + title + "</h1>"
              : "<h2>" + title + "</h2>") +
      (text ? "<p>" + text + "</p>" : "") +
      "</article></a>";
  }

  function renderItem(item, res) {
    var f = item.f, page = f.page;
    var title = highlight(page.title.d, ranges(page.title, res), 0, page.title.d.length);
    var order = f.secs.map(function (sh, j) { return j; })
      .filter(function (j) { return item.secScores[j] > 0; })
      .sort(function (a, b) { return item.secScores[b] - item.secScores[a]; });
    var intro = f.secs[0] && !f.secs[0].sec.anchor ? 0 : -1;
    var teaser = "";
    if (intro === 0 && item.secScores[0] > 0) teaser = snippet(f.secs[0].sec.body, res);
    else if (!order.length && f.secs.length) teaser = snippet(f.secs[0].sec.body, res);
    var html = article(link(page, ""), item.score, title, teaser, true);
    var children = order.filter(function (j) { return j !== intro; }).map(function (j) {
      var sec = f.secs[j].sec;
      return article(link(page, sec.anchor), item.secScores[j],
        highlight(sec.head.d, ranges(sec.head, res), 0, sec.head.d.length) || esc(page.title.d),
        snippet(sec.body, res), false);
    });
    html += children.slice(0, SHOW_SECTIONS).join("");
    var more = children.slice(SHOW_SECTIONS);
    if (more.length) {
      var label = more.length === 1 ? i18n.more_one : (i18n.more_other || "#").replace("#", more.length);
      html += '<details class="md-search-result__more"><summary tabindex="-1"><div>' + esc(label || "") +
        "</div></summary>" + more.join("") + "</details>";
    }
    return '<li class="md-search-result__item">' + html + "</li>";
  }

  var shown = null;

  function run() {
    var value = input.value;
    if (!pages || value === shown) return;
    shown = value;
    if (!value.trim()) {
      meta.textContent = i18n.placeholder || "";
      list.innerHTML = "";
      list.setAttribute("data-query", value);
      return;
    }
    var res = search(value);
    var n = res.total || 0;
    meta.textContent = n === 0 ? (i18n.none || "") : n === 1 ? (i18n.one || "")
      : (i18n.other || "#").replace("#", n);
    if (res.missing && res.missing.length && n) {
      meta.textContent += " (" + (i18n.missing || "-") + ": " + res.missing.join(" ") + ")";
    }
    list.innerHTML = res.items.map(function (it) { return renderItem(it, res); }).join("");
    list.setAttribute("data-query", value);
  }

  var scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () { scheduled = false; run(); });
  }

  function open() {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function close() {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  /* ------------------------------------------------------------------------
   * Wiring
   * --------------------------------------------------------------------- */

  root.prongsai = { search: function (q) { return search(q); }, parseQuery: parseQuery, norm: norm };

  input.addEventListener("input", schedule);
  input.addEventListener("focus", open);
  input.form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  input.form.addEventListener("reset", function () {
    setTimeout(function () { input.focus(); schedule(); }, 0);
  });
  root.addEventListener("click", function (ev) {
    if (ev.target instanceof Element && ev.target.closest("a")) close();
  });
  root.addEventListener("keydown", function (ev) {
    var links = [input].concat([].slice.call(list.querySelectorAll(
      ":not(details) > [href], summary, details[open] [href]")));
    var i = links.indexOf(document.activeElement);
    if (ev.key === "Enter" && document.activeElement === input) {
      ev.preventDefault();
      var first = list.querySelector("a[href]");
      if (first) first.click();
    } else if (ev.key === "Escape") {
      close();
      input.blur();
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      var j = ((i < 0 ? 0 : i) + links.length + (ev.key === "ArrowUp" ? -1 : 1)) % links.length;
      links[j].focus();
    }
  });
  if (document.activeElement === input) open();

  meta.textContent = i18n.initializer || "";
  fetch(new URL("assets/search/index.json", base).href)
    .then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + r.statusText);
      return r.json();
    })
    .then(function (data) {
      var t0 = performance.now();
      prepare(data);
      root.prongsai.prepareMs = performance.now() - t0;
      root.setAttribute("data-state", "ready");
      meta.textContent = i18n.placeholder || "";
      shown = null;
      run();
    })
    .catch(function (err) {
      root.setAttribute("data-state", "error");
      meta.textContent = String(err);
    });
})();
