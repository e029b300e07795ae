// claimtrail progressive enhancement. Every page works without this file;
// it only adds conveniences. No inline scripts: the CSP allows only files
// from this origin. No words of the interface live here: the pages carry
// them, translated, in data attributes and hidden templates.
(function () {
  "use strict";

  // typing reports whether a key press belongs to a field being typed in,
  // where no shortcut may fire.
  function typing(e) {
    var t = e.target;
    return !!t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function plainKey(e) {
    return !e.ctrlKey && !e.metaKey && !e.altKey;
  }

  /* claim form */

  // Provenance table: a button that adds an empty hop row, a copy of the
  // last one emptied. Its label comes from the table (data-add-label); row
  // labels keep their words and get the new row's number. What a copied
  // source picker held for its text (candidates, an error) goes;
  // picker.js, told of the row, makes its field a combobox again.
  function enhanceHops(table) {
    var body = table.tBodies[0];
    if (!body || !body.rows.length) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = table.getAttribute("data-add-label") || "+";
    button.addEventListener("click", function () {
      var last = body.rows[body.rows.length - 1];
      var row = last.cloneNode(true);
      var n = body.rows.length + 1;
      row.cells[0].textContent = String(n);
      row.querySelectorAll(".picker-choices, .field-error").forEach(function (el) {
        el.remove();
      });
      var ids = {};
      row.querySelectorAll("input, select").forEach(function (el) {
        if (el.tagName === "SELECT") {
          el.selectedIndex = 0;
        } else {
          el.value = "";
        }
        el.disabled = false;
        el.removeAttribute("aria-invalid");
        dropErrorRef(el);
        if (el.id) ids[el.id] = el.name + "-" + n;
        el.id = el.name + "-" + n;
      });
      row.querySelectorAll("label").forEach(function (label) {
        var id = ids[label.htmlFor];
        if (id) {
          label.htmlFor = id;
          label.textContent = label.textContent.replace(/\d+/, String(n));
        }
      });
      body.appendChild(row);
      row.dispatchEvent(new CustomEvent("claimtrail:added", { bubbles: true }));
      var first = row.querySelector("select, input:not([type=hidden])");
      if (first) first.focus();
    });
    var wrap = table.closest(".table-scroll") || table;
    wrap.insertAdjacentElement("afterend", button);
  }

  // dropErrorRef removes an error message's id from el's aria-describedby
  // once the message is gone (a copied row, a corrected field).
  function dropErrorRef(el) {
    var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && !/-error$/.test(id);
    });
    if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  }
  window.claimtrailDropErrorRef = dropErrorRef;

  // Forms with data-confirm ask before they submit (rejecting a verdict).
  function enhanceConfirm(form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.getAttribute("data-confirm"))) ev.preventDefault();
    });
  }

  // Import form: an uploaded .html or .md file sets the format, when the
  // user left it at plain text.
  function enhanceUpload(input) {
    var format = document.getElementById("format");
    if (!format) return;
    input.addEventListener("change", function () {
      var f = input.files && input.files[0];
      if (!f || format.value !== "text") return;
      if (/\.html?$/i.test(f.name)) format.value = "html";
      else if (/\.(md|markdown)$/i.test(f.name)) format.value = "markdown";
    });
  }

  // The claim form lists the claims closest to the text while the editor
  // types ("Already checked?"), from /api/v1/claims/similar, a moment after
  // the last key. Without JavaScript the "Check for similar claims" button
  // does the same by submitting the form. Badges and rating names are
  // cloned from the page's hidden templates, so they are in its language.
  function enhanceSimilar(text, box) {
    var list = box.querySelector("ul");
    var none = box.querySelector(".similar-none");
    var self = box.getAttribute("data-claim-id") || "";
    var alike = box.getAttribute("data-alike") || "{n}%";
    var names = document.getElementById("similar-names");
    var timer = null, last = null, seq = 0;
    function named(selector) {
      var el = names && names.content.querySelector(selector);
      return el ? el.cloneNode(true) : null;
    }
    function show(items) {
      list.textContent = "";
      items = (items || []).filter(function (it) { return it.claim.id !== self; }).slice(0, 5);
      items.forEach(function (it) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "/claims/" + encodeURIComponent(it.claim.id);
        a.textContent = it.claim.text;
        li.appendChild(a);
        var badge = named(".status-" + it.claim.status);
        if (badge) {
          li.appendChild(document.createTextNode(" "));
          li.appendChild(badge);
        }
        if (it.verdict) {
          var v = document.createElement("span");
          v.className = "rating";
          var rating = named("[data-rating='" + it.verdict.rating + "']");
          var state = named(".state-" + it.verdict.state);
          v.appendChild(document.createTextNode(" "));
          v.appendChild(rating || document.createTextNode(it.verdict.rating));
          if (state) {
            v.appendChild(document.createTextNode(" "));
            v.appendChild(state);
          }
          li.appendChild(v);
        }
        var sc = document.createElement("span");
        sc.className = "score";
        sc.textContent = " " + alike.replace("{n}", String(Math.round(it.score * 100)));
        li.appendChild(sc);
        list.appendChild(li);
      });
      if (none) none.hidden = items.length > 0;
      box.hidden = false;
    }
    function lookup() {
      var q = text.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 10) { box.hidden = true; return; }
      var mine = ++seq;
      fetch("/api/v1/claims/similar?limit=6&text=" + encodeURIComponent(q), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && mine === seq) show(data.items); })
        .catch(function () {});
    }
    text.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 300);
    });
    if (text.value.trim() && box.hidden) lookup();
  }

  /* reader page */

  // cpLen counts the code points of a JavaScript string, which counts
  // UTF-16 units: an emoji is two units and one code point, as the store
  // counts it.
  function cpLen(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      n++;
    }
    return n;
  }

  // unitsOf is the UTF-16 index in s of its cp-th code point.
  function unitsOf(s, cp) {
    var i = 0;
    for (var n = 0; n < cp && i < s.length; n++) {
      var c = s.charCodeAt(i);
      i += (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) ? 2 : 1;
    }
    return i;
  }

  // The reader renders each run of text in an element whose data-o is the
  // run's code-point offset in the document body. A position in the page
  // is turned into an offset from the run it falls in, never from text
  // lengths across elements; a position between runs (a paragraph's edge,
  // a selection that starts in the heading) takes the nearest run edge
  // inside the selection.
  function Reader(body) {
    var runs = [];
    body.querySelectorAll("[data-o]").forEach(function (el) {
      var node = el.firstChild;
      if (!node || node.nodeType !== 3) return;
      runs.push({ node: node, o: parseInt(el.getAttribute("data-o"), 10), n: cpLen(node.data) });
    });
    this.body = body;
    this.runs = runs;
    this.total = runs.length ? runs[runs.length - 1].o + runs[runs.length - 1].n : 0;
    // chars holds the body's code points by offset; the blank lines
    // between paragraphs, which are not rendered, are "\n".
    var chars = [];
    for (var i = 0; i < this.total; i++) chars.push("\n");
    runs.forEach(function (r) {
      Array.from(r.node.data).forEach(function (ch, k) { chars[r.o + k] = ch; });
    });
    this.chars = chars;
    var sentences = [];
    body.querySelectorAll("p[data-s]").forEach(function (p) {
      p.getAttribute("data-s").split(" ").forEach(function (span) {
        var ab = span.split("-");
        if (ab.length === 2) sentences.push({ start: +ab[0], end: +ab[1] });
      });
    });
    this.sentences = sentences;
  }

  Reader.prototype.offsetAt = function (node, off, isEnd) {
    if (node.nodeType === 3 && node.parentElement && node.parentElement.hasAttribute("data-o") &&
        this.body.contains(node)) {
      return parseInt(node.parentElement.getAttribute("data-o"), 10) + cpLen(node.data.slice(0, off));
    }
    var point = document.createRange();
    try {
      point.setStart(node, off);
    } catch (e) {
      return null;
    }
    point.collapse(true);
    var i;
    if (!isEnd) {
      for (i = 0; i < this.runs.length; i++) {
        if (point.comparePoint(this.runs[i].node, 0) >= 0) return this.runs[i].o;
      }
      return this.total;
    }
    for (i = this.runs.length - 1; i >= 0; i--) {
      var r = this.runs[i];
      if (point.comparePoint(r.node, r.node.length) <= 0) return r.o + r.n;
    }
    return 0;
  };

  // selection returns the page's selection as body offsets, without the
  // white space around it, or null when it holds no text of the body.
  Reader.prototype.selection = function () {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    if (!range.intersectsNode(this.body)) return null;
    var s = this.offsetAt(range.startContainer, range.startOffset, false);
    var e = this.offsetAt(range.endContainer, range.endOffset, true);
    if (s === null || e === null) return null;
    return this.trim(s, e);
  };

  Reader.prototype.trim = function (s, e) {
    while (s < e && /\s/.test(this.chars[s])) s++;
    while (e > s && /\s/.test(this.chars[e - 1])) e--;
    return s < e ? { start: s, end: e } : null;
  };

  // pointAt is the DOM position of an offset: in the run that holds it,
  // or, between runs, at the edge of the next run (a start) or of the
  // previous one (an end).
  Reader.prototype.pointAt = function (off, isEnd) {
    var runs = this.runs, i, r;
    for (i = 0; i < runs.length; i++) {
      r = runs[i];
      if (isEnd ? (off > r.o && off <= r.o + r.n) : (off >= r.o && off < r.o + r.n)) {
        return { node: r.node, off: unitsOf(r.node.data, off - r.o) };
      }
    }
    if (!isEnd) {
      for (i = 0; i < runs.length; i++) if (runs[i].o >= off) return { node: runs[i].node, off: 0 };
      r = runs[runs.length - 1];
      return { node: r.node, off: r.node.length };
    }
    for (i = runs.length - 1; i >= 0; i--) {
      r = runs[i];
      if (r.o + r.n <= off) return { node: r.node, off: r.node.length };
    }
    return { node: runs[0].node, off: 0 };
  };

  // select makes [s, e) the page's selection.
  Reader.prototype.select = function (s, e) {
    var a = this.pointAt(s, false), b = this.pointAt(e, true);
    var range = document.createRange();
    range.setStart(a.node, a.off);
    range.setEnd(b.node, b.off);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    var el = a.node.parentElement;
    if (el && el.scrollIntoView) el.scrollIntoView({ block: "nearest" });
  };

  Reader.prototype.text = function (s, e) {
    return this.chars.slice(s, e).join("");
  };

  // Word edges for the keyboard: a word is letters and digits.
  var wordChar = /[\p{L}\p{N}]/u;
  Reader.prototype.isWord = function (i) {
    return i >= 0 && i < this.total && wordChar.test(this.chars[i]);
  };
  Reader.prototype.wordStartAfter = function (p) {
    for (var q = p + 1; q < this.total; q++) if (this.isWord(q) && !this.isWord(q - 1)) return q;
    return p;
  };
  Reader.prototype.wordStartBefore = function (p) {
    for (var q = p - 1; q >= 0; q--) if (this.isWord(q) && !this.isWord(q - 1)) return q;
    return p;
  };
  Reader.prototype.wordEndAfter = function (p) {
    for (var q = p + 1; q <= this.total; q++) if (this.isWord(q - 1) && !this.isWord(q)) return q;
    return p;
  };
  Reader.prototype.wordEndBefore = function (p) {
    for (var q = p - 1; q > 0; q--) if (this.isWord(q - 1) && !this.isWord(q)) return q;
    return p;
  };

  // caretAt is the text position under a point of the window.
  function caretAt(x, y) {
    if (document.caretPositionFromPoint) {
      var p = document.caretPositionFromPoint(x, y);
      return p && { node: p.offsetNode, off: p.offset };
    }
    if (document.caretRangeFromPoint) {
      var r = document.caretRangeFromPoint(x, y);
      return r && { node: r.startContainer, off: r.startOffset };
    }
    return null;
  }

  // The selection bar offers "new claim from selection" for whatever is
  // selected in the article, by mouse, touch or keyboard. Its link carries
  // the offsets; the server cuts the quote from the stored body.
  function enhanceReader(body) {
    var reader = new Reader(body);
    if (!reader.runs.length) return;
    var bar = document.getElementById("selection-bar");
    if (!bar) return; // only editors capture claims
    var quote = document.getElementById("selection-quote");
    var where = document.getElementById("selection-where");
    var link = document.getElementById("selection-claim");
    var clear = document.getElementById("selection-clear");
    var base = link.getAttribute("href");
    var current = null, timer = null, pressedInBar = false;

    function show(sel) {
      current = sel;
      if (!sel) {
        bar.hidden = true;
        return;
      }
      var text = reader.text(sel.start, sel.end);
      var cps = Array.from(text);
      quote.textContent = cps.length > 160 ? cps.slice(0, 90).join("") + " … " + cps.slice(-50).join("") : text;
      where.textContent = (where.getAttribute("data-template") || "")
        .replace("{start}", String(sel.start)).replace("{end}", String(sel.end));
      link.href = base + "&quote_start=" + sel.start + "&quote_end=" + sel.end;
      bar.hidden = false;
    }
    function choose(s, e) {
      var sel = reader.trim(s, e);
      if (!sel) return;
      reader.select(sel.start, sel.end);
      show(sel);
    }

    bar.addEventListener("mousedown", function () { pressedInBar = true; });
    document.addEventListener("mousedown", function (e) {
      pressedInBar = bar.contains(e.target);
    });
    document.addEventListener("selectionchange", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var sel = reader.selection();
        // Pressing the bar's own link must not hide it on the way.
        if (sel || !pressedInBar) show(sel);
      }, 120);
    });
    clear.addEventListener("click", function () {
      window.getSelection().removeAllRanges();
      show(null);
      body.focus();
    });
    // Browsers drag a link rather than select its text, and a quote is a
    // link to its claim: a press on a link that moves selects from where
    // it started, as on plain text, and the click that ends it does not
    // follow the link. A press that does not move is a click.
    var downAt = null;
    body.addEventListener("mousedown", function (e) {
      downAt = { x: e.clientX, y: e.clientY };
      var a = e.target.closest && e.target.closest("a[href]");
      if (e.button !== 0 || e.shiftKey || !a || !body.contains(a)) return;
      var from = caretAt(e.clientX, e.clientY);
      if (!from) return;
      e.preventDefault();
      function move(ev) {
        if (Math.abs(ev.clientX - downAt.x) + Math.abs(ev.clientY - downAt.y) < 4) return;
        var to = caretAt(ev.clientX, ev.clientY);
        if (to) window.getSelection().setBaseAndExtent(from.node, from.off, to.node, to.off);
      }
      function up() {
        document.removeEventListener("mousemove", move);
        document.removeEventListener("mouseup", up);
      }
      document.addEventListener("mousemove", move);
      document.addEventListener("mouseup", up);
    });
    body.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a");
      if (!a || !downAt) return;
      if (Math.abs(e.clientX - downAt.x) + Math.abs(e.clientY - downAt.y) >= 4) e.preventDefault();
    });

    // The keyboard: with the article focused, arrows pick a sentence and
    // move its edges by a word; Enter opens the form, Esc clears.
    body.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      var cur = current || reader.selection();
      var i;
      switch (e.key) {
        case "ArrowDown":
          var from = cur ? cur.end : -1;
          for (i = 0; i < reader.sentences.length; i++) {
            if (reader.sentences[i].start >= from) break;
          }
          if (i < reader.sentences.length) choose(reader.sentences[i].start, reader.sentences[i].end);
          break;
        case "ArrowUp":
          var to = cur ? cur.start : reader.total + 1;
          for (i = reader.sentences.length - 1; i >= 0; i--) {
            if (reader.sentences[i].end <= to) break;
          }
          if (i >= 0) choose(reader.sentences[i].start, reader.sentences[i].end);
          break;
        case "ArrowRight":
          if (!cur) return;
          if (e.shiftKey) choose(cur.start, reader.wordEndAfter(cur.end));
          else if (reader.wordStartAfter(cur.start) < cur.end) choose(reader.wordStartAfter(cur.start), cur.end);
          break;
        case "ArrowLeft":
          if (!cur) return;
          if (e.shiftKey) {
            if (reader.wordEndBefore(cur.end) > cur.start) choose(cur.start, reader.wordEndBefore(cur.end));
          } else {
            choose(reader.wordStartBefore(cur.start), cur.end);
          }
          break;
        case "Enter":
          if (e.target !== body || !cur) return;
          window.location.assign(link.href);
          break;
        case "Escape":
          window.getSelection().removeAllRanges();
          show(null);
          break;
        default:
          return;
      }
      e.preventDefault();
    });
  }

  // Hovering or focusing a quote shows the cards of the claims it belongs
  // to beside it. The cards already describe the link (aria-describedby),
  // so the floating copy is hidden from assistive technology; Esc closes
  // it, and it stays while the pointer is over it.
  function enhanceCards(body) {
    var float = document.createElement("div");
    float.className = "card-float";
    float.setAttribute("aria-hidden", "true");
    float.hidden = true;
    document.body.appendChild(float);
    var hideTimer = null, owner = null;
    function open(a) {
      clearTimeout(hideTimer);
      if (owner === a && !float.hidden) return;
      owner = a;
      float.textContent = "";
      (a.getAttribute("aria-describedby") || "").split(/\s+/).forEach(function (id) {
        var card = id && document.getElementById(id);
        if (!card) return;
        var copy = card.cloneNode(true);
        copy.removeAttribute("id");
        copy.removeAttribute("role");
        float.appendChild(copy);
      });
      if (!float.firstChild) return;
      float.hidden = false;
      var r = a.getBoundingClientRect();
      var width = Math.min(float.offsetWidth, document.documentElement.clientWidth - 16);
      var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
      float.style.left = left + "px";
      float.style.top = (r.bottom + window.scrollY + 6) + "px";
    }
    function close(later) {
      clearTimeout(hideTimer);
      if (later) {
        hideTimer = setTimeout(function () { float.hidden = true; owner = null; }, 200);
      } else {
        float.hidden = true;
        owner = null;
      }
    }
    body.querySelectorAll("mark a[aria-describedby]").forEach(function (a) {
      a.addEventListener("mouseenter", function () { open(a); });
      a.addEventListener("mouseleave", function () { close(true); });
      a.addEventListener("focus", function () { open(a); });
      a.addEventListener("blur", function () { close(false); });
    });
    // A new width moves the text under the card; a new height (a phone's
    // address bar folding away) does not.
    var width = window.innerWidth;
    window.addEventListener("resize", function () {
      if (window.innerWidth !== width) close(false);
      width = window.innerWidth;
    });
    float.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    float.addEventListener("mouseleave", function () { close(true); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !float.hidden) close(false);
    });
  }

  // Hovering a suggestion in the panel outlines its sentence in the text,
  // and hovering the sentence marks its entry; the panel's links jump.
  function enhanceSuggestions() {
    document.querySelectorAll(".suggestion").forEach(function (li) {
      var id = li.id.replace(/^sg-/, "");
      var marks = document.querySelectorAll('.suggested[data-sg="' + id + '"]');
      function on() {
        marks.forEach(function (m) { m.classList.add("active"); });
        li.classList.add("active");
      }
      function off() {
        marks.forEach(function (m) { m.classList.remove("active"); });
        li.classList.remove("active");
      }
      li.addEventListener("mouseenter", on);
      li.addEventListener("mouseleave", off);
      marks.forEach(function (m) {
        m.addEventListener("mouseenter", on);
        m.addEventListener("mouseleave", off);
      });
    });
  }

  /* review queue and claim page shortcuts */

  // The queue: j and k move between claims (focus follows, so a screen
  // reader reads each), o or Enter opens one, v opens its verdict form.
  function enhanceQueue(list) {
    var items = Array.prototype.slice.call(list.querySelectorAll(".queue-item"));
    if (!items.length) return;
    var at = -1;
    function move(i) {
      at = Math.max(0, Math.min(items.length - 1, i));
      items.forEach(function (it, k) { it.classList.toggle("current", k === at); });
      items[at].querySelector(".queue-link").focus();
    }
    items.forEach(function (it, k) {
      it.querySelector(".queue-link").addEventListener("focus", function () {
        at = k;
        items.forEach(function (other, j) { other.classList.toggle("current", j === k); });
      });
    });
    document.addEventListener("keydown", function (e) {
      if (typing(e) || !plainKey(e) || e.defaultPrevented || dialogOpen()) return;
      switch (e.key) {
        case "j":
          move(at + 1);
          break;
        case "k":
          move(at < 0 ? 0 : at - 1);
          break;
        case "o":
          if (at < 0) return;
          window.location.assign(items[at].querySelector(".queue-link").href);
          break;
        case "v":
          if (at < 0 || !items[at].getAttribute("data-propose")) return;
          window.location.assign(items[at].getAttribute("data-propose"));
          break;
        default:
          return;
      }
      e.preventDefault();
    });
  }

  // The claim page opened from a queue: j and k go to the next and
  // previous claim, v to the verdict form.
  function enhanceClaimPage(nav) {
    document.addEventListener("keydown", function (e) {
      if (typing(e) || !plainKey(e) || e.defaultPrevented) return;
      var a = null;
      if (e.key === "j") a = nav && nav.querySelector("a[rel=next]");
      else if (e.key === "k") a = nav && nav.querySelector("a[rel=prev]");
      else if (e.key === "v") {
        var form = document.getElementById("propose");
        if (!form) return;
        e.preventDefault();
        form.scrollIntoView({ block: "start" });
        var first = form.querySelector("input, select, textarea");
        if (first) first.focus();
        return;
      }
      if (!a) return;
      e.preventDefault();
      window.location.assign(a.href);
    });
  }

  function dialogOpen() {
    var d = document.getElementById("shortcuts");
    return !!(d && d.open);
  }

  // "?" shows the list of shortcuts as a modal dialog.
  function enhanceShortcuts(dialog) {
    document.querySelectorAll(".shortcut-hint").forEach(function (p) { p.hidden = false; });
    function open() {
      if (!dialog.open && dialog.showModal) dialog.showModal();
    }
    document.querySelectorAll(".shortcuts-open").forEach(function (b) { b.addEventListener("click", open); });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "?" || typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      open();
    });
  }

  // "/" focuses the search box in the header, unless the user is typing
  // in a field already.
  function enhanceSearchKey() {
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || !plainKey(e) || typing(e) || dialogOpen()) return;
      var box = document.getElementById("top-q");
      if (!box) return;
      e.preventDefault();
      box.focus();
      box.select();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table[data-hops]").forEach(enhanceHops);
    document.querySelectorAll("form[data-confirm]").forEach(enhanceConfirm);
    document.querySelectorAll(".document-form input[type=file]").forEach(enhanceUpload);
    var text = document.getElementById("text"), similar = document.getElementById("similar");
    if (text && similar) enhanceSimilar(text, similar);
    var body = document.getElementById("doc-body");
    if (body) {
      enhanceReader(body);
      enhanceCards(body);
    }
    enhanceSuggestions();
    var list = document.getElementById("queue-list");
    if (list) enhanceQueue(list);
    var nav = document.querySelector(".queue-nav");
    if (document.querySelector(".claim-title")) enhanceClaimPage(nav);
    var dialog = document.getElementById("shortcuts");
    if (dialog) enhanceShortcuts(dialog);
    enhanceSearchKey();
  });
})();
