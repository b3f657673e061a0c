(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.evidence tbody tr"));
  var selects = Array.prototype.slice.call(document.querySelectorAll(".filters select"));
  var countEl = document.getElementById("f-count");
  var marks = {};
  Array.prototype.forEach.call(document.querySelectorAll("mark.n[data-rids]"), function (m) {
    m.getAttribute("data-rids").split(" ").forEach(function (rid) { if (!marks[rid]) marks[rid] = m; });
  });
  var rowById = {};
  rows.forEach(function (r) { rowById[r.getAttribute("data-rid")] = r; });

  // -- filters ---------------------------------------------------------------
  function matches(row) {
    return selects.every(function (sel) {
      var want = sel.value;
      if (!want) return true;
      var have = row.getAttribute("data-" + sel.getAttribute("data-key")) || "";
      return have.split("|").indexOf(want) >= 0;
    });
  }
  function applyFilters() {
    var shown = 0, visible = {};
    rows.forEach(function (row) {
      var ok = matches(row);
      row.hidden = !ok;
      if (ok) { shown++; visible[row.getAttribute("data-rid")] = true; }
    });
    if (countEl) countEl.textContent = shown + " of " + rows.length + " records";
    // numbers and page boxes of filtered-out records are dimmed, not hidden
    Array.prototype.forEach.call(document.querySelectorAll("mark.n[data-rids], rect.rb"), function (el) {
      var any = el.getAttribute("data-rids").split(" ").some(function (rid) { return visible[rid]; });
      el.classList.toggle("off", !any);
    });
  }
  selects.forEach(function (sel) { sel.addEventListener("change", applyFilters); });
  var reset = document.getElementById("f-reset");
  if (reset) reset.addEventListener("click", function () {
    selects.forEach(function (sel) { sel.value = ""; });
    applyFilters();
  });

  // -- entity label toggles ---------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll(".legend input"), function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.value, !box.checked);
    });
  });

  // -- pages ------------------------------------------------------------------
  var pageEls = Array.prototype.slice.call(document.querySelectorAll(".pg"));
  var pageSel = document.getElementById("page-no");
  var current = 0;
  function showPage(n) {
    var target = null;
    pageEls.forEach(function (el) {
      var on = Number(el.getAttribute("data-n")) === n;
      el.hidden = !on;
      if (on) target = el;
    });
    if (!target) return null;
    var img = target.querySelector("img");
    // decode the page image only when the page is first shown
    if (img && !img.getAttribute("src")) img.setAttribute("src", img.getAttribute("data-src"));
    current = n;
    if (pageSel) pageSel.value = String(n);
    return target;
  }
  if (pageEls.length) {
    showPage(Number(pageEls[0].getAttribute("data-n")));
    if (pageSel) pageSel.addEventListener("change", function () { showPage(Number(pageSel.value)); });
    var prev = document.getElementById("page-prev"), next = document.getElementById("page-next");
    if (prev) prev.addEventListener("click", function () { if (current > 1) showPage(current - 1); });
    var zoom = document.getElementById("page-zoom");
    if (zoom) zoom.addEventListener("change", function () {
      pageEls.forEach(function (el) {
        el.style.width = zoom.value ? zoom.value + "%" : "";
        el.style.maxWidth = zoom.value ? "none" : "";
      });
    });
    if (next) next.addEventListener("click", function () { if (current < pageEls.length) showPage(current + 1); });
  }

  // -- selecting a record -----------------------------------------------------
  function clear(cls) {
    Array.prototype.forEach.call(document.querySelectorAll("." + cls), function (el) { el.classList.remove(cls); });
  }
  function select(rid, fromRow) {
    var row = rowById[rid];
    clear("selected"); clear("active"); clear("current");
    if (row) {
      row.classList.add("selected");
      if (!fromRow) row.scrollIntoView({ block: "nearest" });
    }
    var mark = marks[rid];
    if (mark) {
      var sent = mark.closest(".s");
      if (sent) {
        var sid = sent.getAttribute("data-s");
        Array.prototype.forEach.call(document.querySelectorAll('.s[data-s="' + sid + '"]'), function (el) {
          el.classList.add("active");
        });
      }
      mark.classList.add("current");
      mark.scrollIntoView({ block: "center" });
    }
    var page = row ? Number(row.getAttribute("data-page")) : 0;
    if (page && pageEls.length) {
      var pg = showPage(page);
      if (pg) {
        var rect = null;
        Array.prototype.forEach.call(pg.querySelectorAll("rect.rb"), function (r) {
          if (r.getAttribute("data-rids").split(" ").indexOf(rid) >= 0) { r.classList.add("current"); rect = r; }
        });
        if (rect) rect.scrollIntoView({ block: "center", inline: "nearest" });
      }
    }
    if (history.replaceState) history.replaceState(null, "", "#" + rid);
  }
  rows.forEach(function (row) {
    row.addEventListener("click", function (ev) {
      if (ev.target.closest("a")) return;  // a citation link opens the DOI, nothing else
      var href = row.getAttribute("data-href");
      if (href) { window.location.href = href; return; }
      select(row.getAttribute("data-rid"), true);
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("mark.n[data-rids], rect.rb"), function (el) {
    el.addEventListener("click", function () { select(el.getAttribute("data-rids").split(" ")[0], false); });
  });

  // the page is written unfiltered; a reload may restore chosen filters
  if (selects.some(function (sel) { return sel.value; })) applyFilters();
  var start = decodeURIComponent(window.location.hash.slice(1));
  if (start && rowById[start]) select(start, false);
})();
