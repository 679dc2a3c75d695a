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
  // Weights of the other forms a query word is searched as: a thesaurus term or
  // variant, and a spelling correction (ranked below what was typed).
  var W_SYNONYM = 0.85, W_SYNONYM_LESS = 0.3, W_FUZZY = 0.7;
  // Thai words that carry no subject on their own: a query made only of these and of
  // words the site does not have is answered "not found".
  var STOP = ("การ ความ ของ ที่ และ ใน กับ แก่ ให้ ได้ เป็น มี ไม่ จาก โดย ซึ่ง หรือ ว่า นี้ นั้น " +
    "เพื่อ ไป มา ทำ อยู่ ยัง ไหน อะไร ยังไง อย่างไร ไหม บ้าง ครับ ค่ะ คะ ขอ อยาก ดู หา ค้นหา วิธี " +
    "ต่อ ใบ ผล ที่ไหน เมื่อ แล้ว จะ ก็ คือ").split(" ");

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

  /* A search term: what was typed (text) and the forms it is searched as (alts:
     {s: normalised string, w: weight, alnum}). */
  function makeTerm(text, kind, forms) {
    var alts = [], seen = {};
    forms.forEach(function (f) {
      if (!f.s || seen[f.s]) return;
      seen[f.s] = 1;
      alts.push({ s: f.s, w: f.w, alnum: charClass(f.s) === ALNUM });
    });
    return { text: text, kind: kind, alts: alts };
  }

  function segmentThai(chunk) {
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
    var out = [];
    for (var a = 0; a < segs.length;) {
      var b = a + 1, word = segs[a];
      while (b < segs.length && isSiteWord(word + segs[b])) word += segs[b++];
      out.push(word);
      a = b;
    }
    return out;
  }

  /* Thesaurus entries found in the normalised query: [{start, end, entry}].  An entry
     is taken where it is a whole typed word, or inside a run of Thai that the site
     does not have as it was typed (คะแนนไอทีเอ, นายกอบต) - never inside a phrase the
     site has (ศูนย์ข้อมูลข่าวสาร stays as it is). */
  function thesaurusSpans(n) {
    var spans = [], taken = [];
    if (!thesaurus) return spans;
    var s = n.s;
    function chunkAt(i) {  // the run of Thai letters around i, between word starts
      var a = i, b = i + 1;
      while (a > 0 && !n.wb[a] && charClass(s[a - 1]) === THAI) a--;
      while (b < s.length && !n.wb[b]) b++;
      return [a, b];
    }
    for (var k = 0; k < thesaurus.triggers.length; k++) {
      var trigger = thesaurus.triggers[k], pos = s.indexOf(trigger), tr = null;
      if (pos >= 0) {
        tr = { s: trigger, entry: presentForms(trigger) };
        if (!tr.entry.length) pos = -1;
      }
      while (pos >= 0) {
        var end = pos + tr.s.length, free = true;
        for (var i = pos; i < end; i++) if (taken[i]) { free = false; break; }
        var whole = isBoundary(n, pos) && isBoundary(n, end);
        var ok = whole;
        if (!ok && free && charClass(tr.s) === THAI) {
          var c = chunkAt(pos), chunk = s.slice(c[0], Math.max(c[1], end));
          ok = corpus.s.indexOf(chunk) < 0 && (tr.s.length >= 4 || pos === c[0] || end >= c[1]);
        }
        if (free && ok) {
          for (i = pos; i < end; i++) taken[i] = 1;
          spans.push({ start: pos, end: end, entry: tr.entry, typed: tr.s });
        }
        pos = s.indexOf(tr.s, pos + 1);
      }
    }
    spans.sort(function (a, b) { return a.start - b.start; });
    return spans;
  }

  /* The typed word and its thesaurus forms.  Another spelling of the same word
     (คอรัปชั่น -> คอร์รัปชัน) counts almost as much as what was typed, the same thing
     written another way (อบต -> องค์การบริหารส่วนตำบล) a little less; a word people
     use for what the site calls otherwise (โกง -> ทุจริต) as much only when the site
     has neither the typed word nor another spelling of it. */
  function thesaurusTerm(span) {
    var typed = { s: span.typed, w: 1, alnum: charClass(span.typed) === ALNUM };
    var own = altMatches(typed), max = Math.min(2.5, 0.3 * span.typed.length);
    var forms = [typed], spellings = span.entry.filter(function (x) {
      return distance(span.typed, x.s, max) <= max;
    });
    // With the word itself or another spelling of it in the site, other words count less.
    var other = own || spellings.length ? W_SYNONYM_LESS : W_SYNONYM;
    span.entry.forEach(function (x) {
      if (spellings.indexOf(x) >= 0) forms.push({ s: x.s, w: 0.95 });
      else forms.push({ s: x.s, w: x.eq ? W_SYNONYM : other });
    });
    return makeTerm(span.typed, "synonym", forms);
  }

  /* Split a query into search terms. */
  function parseQuery(q) {
    var n = norm(q.trim());
    var terms = [], seen = {}, chunk = "";
    var spans = thesaurusSpans(n), sp = 0;
    function add(t) {
      var key = t.alts.map(function (a) { return a.s; }).join("|");
      if (t.alts.length && !seen[key]) { seen[key] = 1; terms.push(t); }
    }
    function flush() {
      if (!chunk) return;
      if (charClass(chunk[0]) === THAI) thaiTerms(chunk).forEach(add);
      else add(makeTerm(chunk, "word", [{ s: chunk, w: 1 }]));
      chunk = "";
    }
    for (var i = 0; i < n.s.length; i++) {
      if (sp < spans.length && i === spans[sp].start) {
        flush();
        add(thesaurusTerm(spans[sp]));
        i = spans[sp++].end - 1;
        continue;
      }
      if (n.wb[i] === 1) flush();
      chunk += n.s[i];
    }
    flush();
    // Single Thai characters (ณ, ๆ ...) carry no meaning on their own.
    if (terms.length > 1) {
      terms = terms.filter(function (t) { return t.text.length > 1 || charClass(t.text) !== THAI; });
    }
    terms.forEach(function (t) { classify(t); });
    return { terms: terms, phrase: n.s.replace(/\n/g, "") };
  }

  /* Terms of one run of Thai: the words as typed, or spelling corrections when the
     run, as typed, is not in the site (see fuzzy below). */
  function thaiTerms(chunk) {
    var pieces = segmentThai(chunk);
    var plain = pieces.map(function (p) {
      var t = makeTerm(p, "word", [{ s: p, w: 1 }]);
      // A compound of the site (อำนาจหน้าที่) also stands for its words in any order in
      // a title ("หน้าที่และอำนาจ").
      if (segmenter && p.length > 4) {
        var parts = [];
        var it = segmenter.segment(p)[Symbol.iterator]();
        for (var r = it.next(); !r.done; r = it.next()) parts.push(r.value.segment);
        if (parts.length > 1 && parts.every(function (x) { return x.length > 1; })) t.parts = parts;
      }
      return t;
    });
    if (!corpus || chunk.length < 3) return plain;
    if (corpus.s.indexOf(chunk) >= 0) {
      // Typed as the site writes it, but cut where the site has no words (ธร|รมาภิ|บา
      // of ธรรมาภิบา, a word being typed): search the run as it is.
      return plain.every(matches) ? plain : [makeTerm(chunk, "word", [{ s: chunk, w: 1 }])];
    }
    var fixed = skeletonFix(chunk);
    if (fixed.length) {
      return [makeTerm(chunk, "fuzzy", fixed.map(function (f) { return { s: f, w: W_FUZZY }; }))];
    }
    return fixPieces(pieces, plain);
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
      var page = { url: p.u, title: norm(p.t), part: p.p || "", boost: p.b || 1, sections: [], len: 0 };
      p.s.forEach(function (sec) {
        var section = { anchor: sec[0], head: norm(sec[1]), body: norm(sec[2]), rows: sec[3] || null };
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
    prepareThesaurus(data.th || []);
    vocab = null;  // built on the first query that needs it
    skel = null;
  }

  /* ------------------------------------------------------------------------
   * Thesaurus (generator/search/thesaurus.yaml): typed word -> other forms
   * --------------------------------------------------------------------- */

  var thesaurus = null;

  /* trigger (normalised) -> [{s: other form, eq}].  A variant triggers the whole
     entry; a term only in two-way entries (the same thing written another way:
     อบต = องค์การบริหารส่วนตำบล, eq), not in one-way ones (what people say -> what
     the site says: a query for ทุจริต is not also one for โกง). */
  function prepareThesaurus(entries) {
    var byTrigger = {};
    function normal(x) { return norm(String(x)).s.replace(/\n/g, ""); }
    entries.forEach(function (e) {
      var terms = e[1].map(normal), variants = e[2].map(normal);
      var members = terms.concat(variants), eq = !!e[0];
      (eq ? members : variants).forEach(function (t) {
        if (!t || (t.length < 2 && charClass(t) === THAI)) return;
        var list = byTrigger[t] || (byTrigger[t] = []);
        members.forEach(function (m) {
          if (m && m !== t && !list.some(function (x) { return x.s === m; })) list.push({ s: m, eq: eq });
        });
      });
    });
    var triggers = Object.keys(byTrigger);
    triggers.sort(function (a, b) { return b.length - a.length; });
    thesaurus = { triggers: triggers, byTrigger: byTrigger, present: {} };
  }

  /* The forms of a trigger that the site has (only those are worth searching for);
     looked up when a query first uses them. */
  function presentForms(trigger) {
    var seen = thesaurus.present;
    return thesaurus.byTrigger[trigger].filter(function (m) {
      if (!(m.s in seen)) seen[m.s] = corpus.s.indexOf(m.s) >= 0;
      return seen[m.s];
    });
  }

  /* ------------------------------------------------------------------------
   * Typos: used only when what was typed is not in the site
   * --------------------------------------------------------------------- */

  var vocab = null, skel = null;
  var MARKS = "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e\u0e3a";  // ็ ่ ้ ๊ ๋ ์ ํ ๎ ฺ
  var VOWELS = "\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e40\u0e41\u0e42\u0e43\u0e44\u0e45";
  // Letters people confuse: same sound, or the same look (ใ/ไ, ี/ิ).
  var SAME = { "ใ": "ไ", "ศ": "ส", "ษ": "ส", "ณ": "น", "ฑ": "ท", "ฒ": "ท", "ธ": "ท", "ฎ": "ด",
               "ฏ": "ต", "ภ": "พ", "ฬ": "ล", "ญ": "ย", "ฆ": "ค", "ฅ": "ค", "ฌ": "ช", "ฃ": "ข",
               "ฐ": "ถ", "ี": "ิ", "ื": "ึ", "ู": "ุ" };
  // Final consonants that sound alike (a dropped or swapped final is a common slip).
  var FINAL = {};
  ["นณรลฬญ", "ดตทธศษสจชซฎฏฐฑฒ", "กขคฆ", "บปพฟภ"].forEach(function (g, i) {
    for (var k = 0; k < g.length; k++) FINAL[g[k]] = i + 1;
  });

  function skelChar(c) {
    if (MARKS.indexOf(c) >= 0) return "";
    return SAME[c] || c;
  }

  /* The "skeleton" of the whole site: tone marks dropped, look-alike letters merged;
     m maps back to the corpus. */
  function buildSkeleton() {
    var out = [], m = [];
    for (var i = 0; i < corpus.s.length; i++) {
      var c = skelChar(corpus.s[i]);
      if (c) { out.push(c); m.push(i); }
    }
    m.push(corpus.s.length);
    skel = { s: out.join(""), m: m };
  }

  function skeletonOf(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += skelChar(text[i]);
    return out;
  }

  /* What the site writes where the chunk, without tone marks and look-alike letters,
     is found: ผูบริหาร -> ผู้บริหาร, โปรงใส -> โปร่งใส, ความพึงพอไจ -> ความพึงพอใจ. */
  function skeletonFix(chunk) {
    if (!skel) buildSkeleton();
    var k = skeletonOf(chunk);
    if (k.length < 3) return [];
    var counts = {}, pos = skel.s.indexOf(k), n = 0;
    while (pos >= 0 && n++ < 200) {
      var a = skel.m[pos], b = skel.m[pos + k.length - 1] + 1;
      while (b < corpus.s.length && MARKS.indexOf(corpus.s[b]) >= 0) b++;
      var found = corpus.s.slice(a, b);
      if (found.indexOf("\n") < 0) counts[found] = (counts[found] || 0) + (isBoundary(corpus, a) ? 2 : 1);
      pos = skel.s.indexOf(k, pos + 1);
    }
    return Object.keys(counts).sort(function (x, y) { return counts[y] - counts[x]; }).slice(0, 3);
  }

  /* The site's words (PyThaiNLP's, and Latin words), for spelling corrections. */
  function buildVocab() {
    var words = {}, s = corpus.s, a = 0;
    for (var i = 1; i <= s.length; i++) {
      if (i === s.length || corpus.wb[i] === 1 || s[i] === "\n") {
        var w = s.slice(a, i);
        if (w.length >= 3 && w.indexOf("\n") < 0) words[w] = (words[w] || 0) + 1;
        a = s[i] === "\n" ? i + 1 : i;
      }
    }
    vocab = Object.keys(words).map(function (w) {
      var k = skeletonOf(w);
      return { w: w, n: words[w], k0: k[0], k1: k[1] };
    });
  }

  function insCost(c) {
    return MARKS.indexOf(c) >= 0 ? 0.3 : VOWELS.indexOf(c) >= 0 ? 0.6 : 1;
  }

  function subCost(a, b, last) {
    if (a === b) return 0;
    if (skelChar(a) === skelChar(b)) return 0.3;
    if (MARKS.indexOf(a) >= 0 && MARKS.indexOf(b) >= 0) return 0.3;
    if (last && FINAL[a] && FINAL[a] === FINAL[b]) return 0.5;
    if (VOWELS.indexOf(a) >= 0 && VOWELS.indexOf(b) >= 0) return 0.6;
    return 1;
  }

  /* Edit distance with Thai-aware costs (tone marks cheap, look-alike letters and
     finals that sound alike cheaper) and swapped neighbours; gives up above max. */
  function distance(x, y, max) {
    if (Math.abs(x.length - y.length) > 3) return Infinity;
    var prev2 = null, prev = [0], cur, i, j;
    for (j = 1; j <= y.length; j++) prev[j] = prev[j - 1] + insCost(y[j - 1]);
    for (i = 1; i <= x.length; i++) {
      cur = [prev[0] + insCost(x[i - 1])];
      var rowMin = cur[0];
      for (j = 1; j <= y.length; j++) {
        var v = Math.min(prev[j] + insCost(x[i - 1]), cur[j - 1] + insCost(y[j - 1]),
                         prev[j - 1] + subCost(x[i - 1], y[j - 1], i === x.length && j === y.length));
        if (prev2 && i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
          v = Math.min(v, prev2[j - 2] + 0.6);
        }
        cur[j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > max) return Infinity;
      prev2 = prev; prev = cur;
    }
    return prev[y.length];
  }

  function allowed(text) {
    return text.length <= 3 ? 0.6 : text.length <= 5 ? 1.0 : 1.5;
  }

  /* The site's words nearest to text: [{w, d}] best first. */
  function nearestWords(text, max, limit) {
    if (!vocab) buildVocab();
    var out = [], k = skeletonOf(text);
    for (var i = 0; i < vocab.length; i++) {
      var v = vocab[i];
      if (Math.abs(v.w.length - text.length) > 2 || v.w === text) continue;
      // A typo seldom changes both of the first two letters: skip the rest quickly.
      if (v.k0 !== k[0] && v.k0 !== k[1] && v.k1 !== k[0]) continue;
      var d = distance(text, v.w, max);
      if (d <= max) out.push({ w: v.w, d: d, n: v.n });
    }
    out.sort(function (a, b) { return a.d - b.d || b.n - a.n; });
    return out.slice(0, limit);
  }

  /* Pieces of a misspelt run that the site does not have (ทุ|จร|ติ, ผล|ประ|โย|ช):
     try them joined with their neighbours against the site's words. */
  function fixPieces(pieces, plain) {
    var bad = plain.map(function (t) { return !matches(t); });
    var out = [], i = 0, minA = 0;
    while (i < pieces.length) {
      if (!bad[i]) { out.push(plain[i]); i++; continue; }
      var j = i;
      while (j + 1 < pieces.length && bad[j + 1]) j++;
      var bestFix = null;
      for (var a = Math.max(minA, i - 2); a <= i; a++) {
        for (var b = j; b <= Math.min(pieces.length - 1, j + 2); b++) {
          var text = pieces.slice(a, b + 1).join("");
          if (text.length < 3) continue;
          // Short pieces are corrected only for tone marks: วิด is not วัด.
          var near = nearestWords(text, text.length < 4 ? 0.3 : allowed(text), 3);
          if (!near.length) continue;
          var score = near[0].d / text.length - 0.01 * (b - a);
          if (!bestFix || score < bestFix.score) bestFix = { a: a, b: b, near: near, text: text, score: score };
        }
      }
      if (!bestFix) { out.push(plain[i]); i++; continue; }
      // The correction replaces pieces a..b: drop the ones already emitted.
      out.splice(out.length - (i - bestFix.a), i - bestFix.a);
      var d0 = bestFix.near[0].d;
      out.push(makeTerm(bestFix.text, "fuzzy", bestFix.near
        .filter(function (x) { return x.d <= d0 + 0.3; })
        .map(function (x) { return { s: x.w, w: W_FUZZY }; })));
      i = minA = bestFix.b + 1;
    }
    return out;
  }

  /* Does the site have the term as a word?  Latin letters and digits: at the start of
     a word.  Thai: as a whole word (or several), at the start of one (3 letters or
     more: a word being typed) or at its end (5 or more: ทับซ้อน in ผลประโยชน์ทับซ้อน);
     a fragment such as โค inside โครงการ or สูตร inside หลักสูตร does not count. */
  function altMatches(alt) {
    var s = alt.s, pos = corpus.s.indexOf(s), tries = 0;
    while (pos >= 0 && tries++ < 2000) {
      var start = isBoundary(corpus, pos), end = isBoundary(corpus, pos + s.length);
      if (alt.alnum ? start : (start && end) || (start && s.length >= 3) || (end && s.length >= 5)) return true;
      pos = corpus.s.indexOf(s, pos + 1);
    }
    return false;
  }

  function matches(t) {
    return t.alts.some(altMatches);
  }

  function classify(t) {
    t.matched = matches(t);
    t.content = charClass(t.text) === ALNUM || (t.text.length >= 3 && STOP.indexOf(t.text) < 0) ||
      t.kind !== "word";
  }

  /* Occurrences of string t in normalised text n: [pos, quality, length, ...]. */
  function hits(n, t, alnum, weight) {
    var out = [], pos = n.s.indexOf(t), w = weight || 1;
    while (pos >= 0 && out.length < 3 * MAX_HITS) {
      var start = isBoundary(n, pos), end = isBoundary(n, pos + t.length), q;
      if (alnum) q = start ? (end ? 1 : 0.6) : 0;
      else q = start ? (end ? 1 : 0.75) : (end ? 0.6 : 0.45);
      if (q > 0) out.push(pos, q * w, t.length);
      pos = n.s.indexOf(t, pos + 1);
    }
    return out;
  }

  /* Occurrences of a term in any of its forms (typed, thesaurus, correction). */
  function termHits(n, term) {
    if (term.alts.length === 1) return hits(n, term.alts[0].s, term.alts[0].alnum, term.alts[0].w);
    var out = [];
    term.alts.forEach(function (a) {
      var h = hits(n, a.s, a.alnum, a.w);
      for (var i = 0; i < h.length; i++) out.push(h[i]);
    });
    return out;
  }

  /* A compound's words all found in a text, in any order: one hit, a little weaker. */
  function partsHits(n, parts) {
    var q = 1, first = -1;
    for (var i = 0; i < parts.length; i++) {
      var h = hits(n, parts[i], false);
      if (!h.length) return [];
      q = Math.min(q, best(h));
      if (first < 0) first = h[0];
    }
    return [first, 0.9 * q, parts[0].length];
  }

  function best(h) {
    var b = 0;
    for (var i = 1; i < h.length; i += 3) if (h[i] > b) b = h[i];
    return b;
  }

  function sum(h) {
    var b = 0;
    for (var i = 1; i < h.length; i += 3) b += h[i];
    return b;
  }

  function bm25(tf, len) {
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * len / avgLen));
  }

  function search(query) {
    var parsed = parseQuery(query);
    var all = parsed.terms;
    var missing = all.filter(function (t) { return !t.matched && t.content; })
      .map(function (t) { return t.text; });
    var terms = all.filter(function (t) { return t.matched; });
    // Honest "not found": nothing the reader asked about is a word of the site (only
    // fragments such as โค in โครงการ, or words like ของ/ที่ that name nothing).
    if (!terms.length || (missing.length && !terms.some(function (t) { return t.content; }))) {
      return { terms: [], items: [], total: 0, missing: missing.length ? missing : [query.trim()],
               notFound: true, query: query.trim(), suggest: suggestions(all) };
    }
    var usePhrase = terms.length > 1 && parsed.phrase.length > 1;

    // Collect hits for every page and term.
    var df = terms.map(function () { return 0; });
    var found = pages.map(function (page) {
      var f = { page: page, title: [], secs: [] };
      var any = terms.map(function () { return false; });
      terms.forEach(function (t, k) {
        var h = termHits(page.title, t);
        if (!h.length && t.parts) h = partsHits(page.title, t.parts);
        f.title.push(h);
        if (h.length) any[k] = true;
      });
      page.sections.forEach(function (sec) {
        var sh = { sec: sec, head: [], body: [] };
        terms.forEach(function (t, k) {
          var hh = termHits(sec.head, t), hb = termHits(sec.body, t);
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
        if (q) titleMatched += t.text.length;
      });
      var ptitle = usePhrase && f.ptitle.length ? best(f.ptitle) : 0;
      // Every word in the title, in any order (อำนาจหน้าที่ -> "หน้าที่และอำนาจ"), counts
      // as the phrase in the title.
      if (usePhrase && !ptitle) {
        var inOrder = terms.reduce(function (m, t, k) { return Math.min(m, best(f.title[k])); }, 1);
        if (inOrder > 0) ptitle = 0.9 * inOrder;
      }
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
    new URL((root.getAttribute("data-base") || ".").replace(/\/+$/, "") + "/", location.href).href;
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
    var lists = res.terms.map(function (t) { return termHits(n, t); });
    if (res.phrase) lists.push(hits(n, res.phrase, false));
    lists.forEach(function (h) {
      for (var i = 0; i < h.length; i += 3) out.push([n.m[h[i]], n.m[h[i] + h[i + 2] - 1] + 1]);
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

  /* The table row (measure, item, project ...) that holds display position at. */
  function rowAt(sec, at) {
    if (!sec.rows) return "";
    var line = 0;
    for (var i = sec.body.d.indexOf("\n"); i >= 0 && i < at; i = sec.body.d.indexOf("\n", i + 1)) line++;
    for (var r = 0; r < sec.rows.length; r++) {
      var row = sec.rows[r];
      if (line >= row[0] && line <= row[1]) return row[0] === line && row[1] - row[0] < 2 ? "" : row[2];
    }
    return "";
  }

  function snippet(n, res, sec) {
    var text = n.d.replace(/\n/g, " ");
    var rs = ranges(n, res);
    if (!text) return "";
    var from = 0, row = "";
    if (rs.length) {
      // Window around the longest hit (the phrase if present).
      var bestR = rs[0];
      rs.forEach(function (r) { if (r[1] - r[0] > bestR[1] - bestR[0]) bestR = r; });
      from = Math.max(0, bestR[0] - 60);
      var sp = text.lastIndexOf(" ", bestR[0]);
      if (sp >= from - 20 && sp < bestR[0]) from = sp + 1;
      if (sec) row = rowAt(sec, bestR[0]);
    }
    var to = Math.min(text.length, from + SNIPPET);
    return (row ? '<span class="prongsai-search-row">' + esc(i18n.row || "แถว") + ": " + esc(row) +
      "</span><br>" : "") +
      (from > 0 ? "… " : "") + highlight(text, rs, from, to) + (to < text.length ? " …" : "");
  }

  function link(page, anchor) {
    return new URL(page.url + (anchor ? "#" + anchor : ""), base).href;
  }

  function article(href, score, title, text, parent, part) {
    return '<a href="' + esc(href) + '" class="md-search-result__link" tabindex="-1">' +
      '<article class="md-search-result__article md-typeset" data-md-score="' + score.toFixed(2) + '">' +
      (parent ? '<div class="md-search-result__icon md-icon"></div>' +
                (part ? '<div class="prongsai-search-part">' + esc(part) + "</div>" : "") +
                "<h1>" + title + "</h1>"
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
    if (intro === 0 && item.secScores[0] > 0) teaser = snippet(f.secs[0].sec.body, res, f.secs[0].sec);
    else if (!order.length && f.secs.length) teaser = snippet(f.secs[0].sec.body, res, f.secs[0].sec);
    var html = article(link(page, ""), item.score, title, teaser, true, page.part);
    var children = order.filter(function (j) { return j !== intro; }).map(function (j) {
      var sec = f.secs[j].sec;
      return article(link(page, sec.anchor), item.secScores[j],
        highlight(sec.head.d, ranges(sec.head, res), 0, sec.head.d.length) || esc(page.title.d),
        snippet(sec.body, res, sec), false);
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

  /* For a query the site has nothing on: the site's words nearest to what was typed,
     and the main sections of the site. */
  function suggestions(terms) {
    var words = [], seen = {};
    terms.forEach(function (t) {
      // Fragments (วิด of โค|วิด) have near words by chance: only whole typed words.
      if (t.matched || t.text.length < 4) return;
      nearestWords(t.text, allowed(t.text) + 0.5, 4).forEach(function (x) {
        if (!seen[x.w]) { seen[x.w] = 1; words.push(x); }
      });
    });
    words.sort(function (a, b) { return a.d - b.d || b.n - a.n; });
    var sections = pages.filter(function (p) {
      return p.url && (p.url.match(/\//g) || []).length === 1;
    }).slice(0, 6);
    return { words: words.slice(0, 5).map(function (x) { return displayWord(x.w); }), sections: sections };
  }

  /* A normalised site word as the site writes it (Thai digits and all). */
  function displayWord(w) {
    var pos = corpus.s.indexOf(w);
    if (pos < 0) return w;
    for (var p = 0; p < pages.length; p++) {
      var all = [pages[p].title].concat.apply([], pages[p].sections.map(function (s) { return [s.head, s.body]; }));
      for (var k = 0; k < all.length; k++) {
        var i = all[k].s.indexOf(w);
        if (i >= 0) return all[k].d.slice(all[k].m[i], all[k].m[i + w.length - 1] + 1);
      }
    }
    return w;
  }

  function renderSuggestions(sg) {
    var html = '<li class="prongsai-search-suggest md-typeset">';
    if (sg.words.length) {
      html += "<p>" + esc(i18n.try_words || "ลองค้นหา") + ": " + sg.words.map(function (w) {
        return '<button type="button" class="prongsai-search-word" data-q="' + esc(w) + '">' + esc(w) + "</button>";
      }).join(" ") + "</p>";
    }
    if (sg.sections.length) {
      html += "<p>" + esc(i18n.sections || "หรือดูหมวดหลักของเว็บไซต์") + ":</p><ul>" +
        sg.sections.map(function (p) {
          return '<li><a href="' + esc(link(p, "")) + '">' + esc(p.title.d) + "</a></li>";
        }).join("") + "</ul>";
    }
    return html + "</li>";
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
    if (res.notFound) {
      meta.textContent = (i18n.not_found || "ไม่พบ “#” ในเว็บไซต์นี้").replace("#", res.query);
      list.innerHTML = renderSuggestions(res.suggest);
      list.setAttribute("data-query", value);
      return;
    }
    var n = res.total || 0;
    meta.textContent = n === 0 ? (i18n.none || "") : n === 1 ? (i18n.one || "")
      : (i18n.other || "#").replace("#", window.prongsaiDigits ? window.prongsaiDigits(n) : n);
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

  root.prongsai = {
    search: function (q) { return search(q); }, parseQuery: parseQuery, norm: norm,
    // What a word typed alone is also searched as, by the thesaurus (before keeping
    // only the forms this site has).
    thesaurusOf: function (w) {
      var k = norm(w).s;
      return thesaurus && thesaurus.byTrigger[k] ? thesaurus.byTrigger[k].map(function (x) { return x.s; }) : [];
    }
  };

  input.addEventListener("input", schedule);
  input.addEventListener("focus", open);
  input.form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  input.form.addEventListener("reset", function () {
    setTimeout(function () { input.focus(); schedule(); }, 0);
  });
  root.addEventListener("click", function (ev) {
    if (!(ev.target instanceof Element)) return;
    var word = ev.target.closest("[data-q]");
    if (word) {
      input.value = word.getAttribute("data-q");
      input.focus();
      schedule();
    } else if (ev.target.closest("a")) {
      close();
    }
  });
  // Leaving the dialog with Tab (or a click elsewhere) closes it, so that it never
  // stays open over the page the reader moved on to.
  root.addEventListener("focusout", function (ev) {
    var next = ev.relatedTarget;
    if (next instanceof Node && !root.contains(next)) close();
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

  var style = document.createElement("style");
  style.textContent =
    ".prongsai-search-part{font-size:.64rem;color:var(--md-default-fg-color--light);margin:0 0 .1rem}" +
    ".prongsai-search-row{font-weight:700;color:var(--md-default-fg-color--light)}" +
    ".prongsai-search-suggest{padding:.6rem 1.2rem;list-style:none}" +
    ".prongsai-search-suggest ul{margin:.2rem 0 .6rem}" +
    ".prongsai-search-word{font:inherit;color:var(--md-typeset-a-color);background:none;border:0;" +
    "padding:0 .3rem 0 0;cursor:pointer;text-decoration:underline}";
  document.head.appendChild(style);

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
      // What typo tolerance needs, made while the reader is not typing.
      (window.requestIdleCallback || function (f) { return setTimeout(f, 300); })(function () {
        if (!skel) buildSkeleton();
        if (!vocab) buildVocab();
      });
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
