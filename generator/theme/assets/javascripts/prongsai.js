/* Prongsai theme: tables that read well on a phone and URLs that wrap cleanly.
 *
 * - Every cell of a table with four or more columns gets its column's heading as
 *   data-label, and the table the attribute data-prongsai-cards (not a class: Material styles only tables without one): on a narrow screen the CSS
 *   shows each row as a card ("heading: value"), so nothing scrolls sideways.
 * - A table that still has to scroll is a keyboard-reachable, named region
 *   (tabindex=0, role=region, aria-label from its heading).
 * - Link texts that are URLs or e-mail addresses get <wbr> after / . @ - so that
 *   they wrap there and never inside a word.
 * - window.prongsaiDigits(text): text with its digits in site.yaml's style (the page's
 *   <meta name="prongsai-digits">), for numbers written in the browser such as the
 *   search result count.
 * Without JavaScript the page still works: wide tables scroll.
 */
(function () {
  "use strict";

  var THAI_DIGITS = "\u0e50\u0e51\u0e52\u0e53\u0e54\u0e55\u0e56\u0e57\u0e58\u0e59";

  function siteDigits() {
    var meta = document.querySelector('meta[name="prongsai-digits"]');
    return meta ? meta.getAttribute("content") : "arabic";
  }

  window.prongsaiDigits = function (text) {
    var thai = siteDigits() === "thai";
    return String(text).replace(thai ? /[0-9]/g : /[\u0e50-\u0e59]/g, function (digit) {
      return thai ? THAI_DIGITS.charAt(+digit) : String(THAI_DIGITS.indexOf(digit));
    });
  };

  var CARD_MIN_COLUMNS = 4;
  var URL_TEXT = /^(https?:\/\/|www\.|[^\s@]+@[^\s@]+\.[a-z]{2,}$)/i;

  function headingsOf(table) {
    var row = table.tHead && table.tHead.rows[0];
    if (!row) return [];
    return Array.prototype.map.call(row.cells, function (cell) {
      return cell.textContent.replace(/\s+/g, " ").trim();
    });
  }

  function labelCells(table) {
    var headings = headingsOf(table);
    if (headings.length < CARD_MIN_COLUMNS || table.querySelector("td img")) return;
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          cell.setAttribute("data-label", headings[i] || "");
          if (/right/.test(cell.getAttribute("style") || "")) cell.classList.add("prongsai-num");
        });
      });
    });
    table.setAttribute("data-prongsai-cards", "");
  }

  // The name of a table: its caption, else the nearest heading above it.
  function tableName(table) {
    if (table.caption) return table.caption.textContent.trim();
    var node = table;
    while (node && node !== document.body) {
      var prev = node.previousElementSibling;
      while (prev) {
        if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.trim();
        prev = prev.previousElementSibling;
      }
      node = node.parentElement;
    }
    return document.title;
  }

  function scroller(table) {
    var node = table;
    while (node && node !== document.body) {
      var overflow = getComputedStyle(node).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && node.scrollWidth > node.clientWidth + 1) return node;
      node = node.parentElement;
      if (node && node.classList.contains("md-content")) break;
    }
    return null;
  }

  function labelScrollers() {
    document.querySelectorAll(".md-typeset table").forEach(function (table) {
      var box = scroller(table);
      document.querySelectorAll("[data-prongsai-scroll]").forEach(function (old) {
        if (old !== box && old.contains(table)) {
          old.removeAttribute("tabindex"); old.removeAttribute("role");
          old.removeAttribute("aria-label"); old.removeAttribute("data-prongsai-scroll");
        }
      });
      if (!box) return;
      box.setAttribute("data-prongsai-scroll", "");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "ตาราง " + tableName(table) + " (เลื่อนซ้าย-ขวาได้)");
    });
  }

  function breakableUrls(root) {
    root.querySelectorAll(".md-typeset a, .prongsai-footer a").forEach(function (link) {
      if (link.children.length || link.hasAttribute("data-prongsai-wbr")) return;
      var text = link.textContent;
      if (!URL_TEXT.test(text.trim())) return;
      link.setAttribute("data-prongsai-wbr", "");
      link.textContent = "";
      text.split(/(?<=[\/.@\-])/).forEach(function (part, i) {
        if (i) link.appendChild(document.createElement("wbr"));
        link.appendChild(document.createTextNode(part));
      });
    });
  }

  function enhance() {
    document.querySelectorAll(".md-typeset table").forEach(labelCells);
    breakableUrls(document);
    labelScrollers();
    // Material wraps tables in its own scrolling boxes after this runs: label again then.
    window.setTimeout(labelScrollers, 100);
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(labelScrollers, 150);
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
