// claimtrail pickers: a source or a document chosen by typing part of its
// name (see web/picker.go). The page draws a text field with the chosen
// one's name and a hidden field with its id; this script makes the text
// field an ARIA combobox with a listbox of the JSON API's matches, shown
// as the user types. Choosing a match sets the id; typing clears it, so
// that what was typed and not chosen goes to the server, which resolves
// it as it does without JavaScript. No words of the interface live here:
// the picker carries them in data attributes.
(function () {
  "use strict";

  var apis = { source: "/api/v1/sources", document: "/api/v1/documents" };
  var LIMIT = 8; // matches shown
  var DELAY = 200; // ms after the last key before searching
  var count = 0;

  // query is what is searched for text. Documents are found by their
  // words (full-text search), so the word being typed is a prefix.
  function query(kind, text) {
    text = text.trim();
    if (kind === "document" && /[\p{L}\p{N}]{2}$/u.test(text)) return text + "*";
    return text;
  }

  // match is an API item as the listbox shows it.
  function match(kind, it) {
    if (kind === "document") {
      var detail = [it.publisher, (it.published_at || "").slice(0, 10)].filter(Boolean).join(", ");
      return { id: it.id, name: it.title, detail: detail };
    }
    return { id: it.id, name: it.name, detail: (it.aliases || []).join(", ") };
  }

  function enhance(wrap) {
    var input = wrap.querySelector("input[type=text]");
    var hidden = wrap.querySelector("input[type=hidden]");
    var kind = wrap.getAttribute("data-picker");
    if (!input || !hidden || !apis[kind]) return;
    var id = input.id || "picker-" + ++count;
    var list = document.createElement("ul");
    list.className = "picker-list";
    list.id = id + "-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    // "No matches." is said in a live region, as it is no option.
    var none = document.createElement("p");
    none.className = "picker-none";
    none.id = id + "-status";
    none.setAttribute("role", "status");
    // They float over the page, outside the field's containers, so that a
    // scrolling table (the provenance chain) does not clip them.
    document.body.appendChild(list);
    document.body.appendChild(none);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var items = [], active = -1, timer = null, seq = 0, last = null, ctrl = null;

    // place puts the listbox under the field, at least 20em wide and
    // within the window's width.
    function place() {
      var r = input.getBoundingClientRect();
      var vw = document.documentElement.clientWidth;
      var width = Math.min(Math.max(r.width, 320), vw - 16);
      var left = Math.max(8, Math.min(r.left, vw - width - 8));
      [list, none].forEach(function (el) {
        el.style.left = (left + window.scrollX) + "px";
        el.style.top = (r.bottom + window.scrollY + 2) + "px";
        el.style.width = width + "px";
      });
      list.style.maxHeight = Math.max(160, Math.min(320, window.innerHeight - r.bottom - 12)) + "px";
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      none.textContent = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function show(found) {
      close();
      items = found;
      if (!items.length) {
        none.textContent = wrap.getAttribute("data-none") || "";
        place();
        return;
      }
      items.forEach(function (it, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-i", String(i));
        li.appendChild(document.createTextNode(it.name));
        if (it.detail) {
          var d = document.createElement("span");
          d.className = "picker-detail";
          d.textContent = it.detail;
          li.appendChild(d);
        }
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      place();
    }

    function setActive(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, k) {
        li.setAttribute("aria-selected", k === i ? "true" : "false");
      });
      var li = list.children[i];
      if (li) {
        input.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    // settle drops what the server offered for the text as it was
    // (candidates to choose from): the field now speaks for itself.
    function settle() {
      var choices = wrap.querySelector(".picker-choices");
      if (choices) choices.remove();
      hidden.disabled = false;
    }

    function choose(i) {
      var it = items[i];
      if (!it) return;
      input.value = it.name;
      hidden.value = it.id;
      settle();
      var err = wrap.querySelector(".field-error");
      if (err) err.remove();
      input.removeAttribute("aria-invalid");
      if (window.claimtrailDropErrorRef) window.claimtrailDropErrorRef(input);
      last = null;
      close();
    }

    function search() {
      var q = query(kind, input.value);
      if (q === last && !list.hidden) return;
      last = q;
      var mine = ++seq;
      if (ctrl) ctrl.abort();
      ctrl = new AbortController();
      var url = apis[kind] + "?limit=" + LIMIT + (q ? "&q=" + encodeURIComponent(q) : "");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, signal: ctrl.signal })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (mine !== seq || document.activeElement !== input) return;
          show(data && data.items ? data.items.map(function (it) { return match(kind, it); }) : []);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      settle();
      clearTimeout(timer);
      if (!input.value.trim()) {
        seq++; // an answer on its way is no longer wanted
        last = null;
        close();
        return;
      }
      timer = setTimeout(search, DELAY);
    });

    input.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey) return;
      switch (e.key) {
        case "ArrowDown":
          if (list.hidden) {
            clearTimeout(timer);
            search(); // an empty field lists the first sources, or the newest documents
          } else {
            setActive(active + 1 < items.length ? active + 1 : 0);
          }
          break;
        case "ArrowUp":
          if (list.hidden) return;
          setActive(active > 0 ? active - 1 : items.length - 1);
          break;
        case "Enter":
          // Without a highlighted match the form is sent as typed.
          if (list.hidden || active < 0) {
            close();
            return;
          }
          choose(active);
          break;
        case "Escape":
          if (list.hidden && !none.textContent) return;
          close();
          break;
        default:
          return;
      }
      e.preventDefault();
    });

    input.addEventListener("blur", function () {
      clearTimeout(timer);
      seq++;
      close();
    });
    // A press on the listbox must not take the focus from the field.
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) {
      var li = e.target.closest("[role=option]");
      if (li) choose(parseInt(li.getAttribute("data-i"), 10));
    });
    window.addEventListener("resize", function () { if (items.length || none.textContent) place(); });
    // A table scrolled sideways moves the field.
    document.addEventListener("scroll", function () { if (items.length || none.textContent) place(); }, true);

    // The server's candidates, offered when the typed text matched
    // several: choosing one shows its name in the field.
    var select = wrap.querySelector(".picker-choices select");
    if (select) {
      select.addEventListener("change", function () {
        var o = select.options[select.selectedIndex];
        if (o && o.value) input.value = o.getAttribute("data-name") || input.value;
      });
    }
  }

  // init makes each picker in root a combobox, once: a copied row (the
  // claim form's "Add another hop") holds a copy without its handlers.
  function init(root) {
    root.querySelectorAll(".picker[data-picker]").forEach(function (wrap) {
      if (wrap.claimtrailPicker) return;
      wrap.claimtrailPicker = true;
      enhance(wrap);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  // app.js announces the rows it adds.
  document.addEventListener("claimtrail:added", function (e) { init(e.target); });
})();
