// Site search: the header box, lazy loading of lunr.js and the index, ranking, snippets.
// Loaded on every page (small); engine.js (lunr.js + stemmer + analysis.js) and index.js are added as
// <script> elements only when the reader starts a search. Scripts, not fetch(), so that a copy of the
// site opened from disk (file://) searches too. The ranking mirrors build_tools/search.py.
(function () {
  "use strict";
  var box = document.querySelector("[data-jh-search]");
  if (!box) return;
  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/search\/search\.js(\?.*)?$/, "") : "";
  var strings = JSON.parse(box.getAttribute("data-strings"));
  var form = box.querySelector("form");
  var input = box.querySelector("input");
  var panel = box.querySelector(".jh-search__panel");
  var filter = box.querySelector("select");
  var status = box.querySelector(".jh-search__status");
  var list = box.querySelector(".jh-search__results");
  var openButton = box.querySelector(".jh-search__open");
  var closeButton = box.querySelector(".jh-search__close");
  var MAX_RESULTS = 20;
  var SNIPPET = 180;
  var state = { loading: null, index: null, data: null, analyser: null, timer: null, text: false };

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = src;
      el.onload = resolve;
      el.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(el);
    });
  }

  function stemmerFor(code) {
    if (code === "en" && window.JHPorter2) return window.JHPorter2.stem;
    if (window.lunr && window.lunr[code] && window.lunr[code].stemmer) return window.lunr[code].stemmer;
    return null;
  }

  function load() {
    if (state.loading) return state.loading;
    var received = new Promise(function (resolve) { window.JHSearchLoaded = resolve; });
    state.loading = loadScript(root + "assets/search/engine.js")
      .then(function () { return loadScript(root + "assets/search/index.js"); })
      .then(function () { return received; })
      .then(function (data) {
        data.docs = data.docs.map(function (d) { return { r: d[0], h: d[1], t: d[2], c: d[3], b: "" }; });
        state.data = data;
        state.index = window.lunr.Index.load(expand(data.index));
        state.analyser = new window.JHAnalysis.Analyser(data.lang, data.analysis, stemmerFor(data.lang));
        fillFilter(data);
        box.setAttribute("data-ready", "");
        loadText();
      })
      .catch(function () { status.textContent = strings.failed; state.loading = null; });
    return state.loading;
  }

  // The sections' text, for snippets: the larger part of the data, so it comes after the index and
  // the first results show without waiting for it; snippets already on screen are filled in then.
  function loadText() {
    var received = new Promise(function (resolve) { window.JHSearchText = resolve; });
    loadScript(root + "assets/search/text.js")
      .then(function () { return received; })
      .then(function (bodies) {
        bodies.forEach(function (body, number) { state.data.docs[number].b = body; });
        state.text = true;
        var clauses = state.analyser.clauses(list.getAttribute("data-query") || "");
        Array.prototype.forEach.call(list.querySelectorAll(".jh-result__snippet"), function (span) {
          span.textContent = "";
          span.appendChild(snippet(state.data.docs[+span.getAttribute("data-entry")].b, clauses));
        });
        box.setAttribute("data-text", "");
      })
      .catch(function () { /* no snippets: the results still lead to their sections */ });
  }

  // Restores lunr's serialised index from the compact form build_tools/search_index.py writes,
  // computing the field vectors (BM25 weights) from term frequencies and field lengths exactly as
  // lunr's builder does. Mirrors expand() in search_index.py; the tests compare the two rankings.
  function expand(c) {
    var fields = c.fields.map(function (f) { return f[0]; });
    var count = c.lengths[0].length, k1 = c.k1, b = c.b;
    var docBoost = {};
    c.boosts.forEach(function (pair) { docBoost[pair[0]] = pair[1]; });
    var average = c.lengths.map(function (lengths) { return lengths.reduce(function (s, n) { return s + n; }, 0) / count; });
    var frequencies = fields.map(function () { return {}; });
    var inverted = c.terms.map(function (term, number) {
      var posting = { _index: number };
      fields.forEach(function (name, f) {
        var refs = {}, coded = c.postings[number][f], ref = 0, last = null;
        for (var i = 0; i < coded.length; i++) {
          var value = coded[i];
          if (value < 0) { last[1] = -value; continue; }
          ref += value;
          refs[ref] = {};
          last = [number, 1];
          (frequencies[f][ref] = frequencies[f][ref] || []).push(last);
        }
        posting[name] = refs;
      });
      return [term, posting];
    });
    var idf = inverted.map(function (entry) {
      var withTerm = 0;
      fields.forEach(function (name) { withTerm += Object.keys(entry[1][name]).length; });
      return Math.log(1 + Math.abs((count - withTerm + 0.5) / (withTerm + 0.5)));
    });
    var vectors = [];
    fields.forEach(function (name, f) {
      var boost = c.fields[f][1];
      for (var ref = 0; ref < count; ref++) {
        var elements = [];
        (frequencies[f][ref] || []).forEach(function (pair) {
          var tf = pair[1];
          var score = idf[pair[0]] * ((k1 + 1) * tf) / (k1 * (1 - b + b * (c.lengths[f][ref] / average[f])) + tf);
          score *= boost;
          score *= (ref in docBoost ? docBoost[ref] : 1);
          elements.push(pair[0], Number(score.toFixed(3)));
        });
        vectors.push([name + "/" + ref, elements]);
      }
    });
    return { version: c.version, fields: fields, fieldVectors: vectors, invertedIndex: inverted, pipeline: [] };
  }

  function fillFilter(data) {
    function group(label, items) {
      var g = document.createElement("optgroup");
      g.label = label;
      items.forEach(function (item) {
        var o = document.createElement("option");
        o.value = item[0];
        o.textContent = item[1];
        g.appendChild(o);
      });
      filter.appendChild(g);
    }
    group(strings.handbooks, data.handbooks.map(function (h) { return ["h:" + h.id, h.title]; }));
    group(strings.topics, data.topics.map(function (t) { return ["t:" + t.id, t.label]; }));
    var o = document.createElement("option");
    o.value = "r:";
    o.textContent = data.reference;
    filter.appendChild(o);
  }

  function accepts(doc, choice) {
    if (!choice) return true;
    var kind = choice.slice(0, 2), value = choice.slice(2);
    if (kind === "h:") return doc.h === value;
    if (kind === "r:") return doc.h === "";
    var handbook = state.data.handbooks.filter(function (h) { return h.id === doc.h; })[0];
    return !!handbook && handbook.topics.indexOf(value) >= 0;
  }

  // Ranked documents for a query: the same clauses and lunr scoring as `python -m build_tools search`.
  function rank(query) {
    var clauses = state.analyser.clauses(query);
    if (!clauses.length) return [];
    var lunr = window.lunr;
    return state.index.query(function (q) {
      clauses.forEach(function (c) {
        q.term(c.term, { boost: c.boost, usePipeline: false,
                         wildcard: c.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE });
      });
    });
  }

  // Which characters of `text` match the query, by analysing each word as the index did.
  var wordTerms = new Map();  // word as written -> its index terms: a result list analyses many words again
  function termsOf(word) {
    if (!wordTerms.has(word)) wordTerms.set(word, state.analyser.analyse(word));
    return wordTerms.get(word);
  }

  function matchedRanges(text, clauses) {
    var terms = new Set(), prefixes = [];
    clauses.forEach(function (c) { if (c.prefix) prefixes.push(c.term); else terms.add(c.term); });
    var ranges = [], re = /[\p{L}\p{M}\p{N}]+(?:[-\u2010\u2011][\p{L}\p{M}\p{N}]+)*/gu, m;
    function add(part, at) {
      var word = part[1], start = at + part[0];
      if (part[2]) {  // Han: the characters of each matching bigram
        var chars = Array.from(word);
        for (var i = 0, offset = start; i < chars.length; offset += chars[i].length, i++) {
          var pair = chars[i] + (chars[i + 1] || "");
          if (terms.has(pair) || (chars.length === 1 && terms.has(word))) ranges.push([offset, offset + pair.length]);
        }
        return;
      }
      var hit = termsOf(word).some(function (t) {
        return terms.has(t) || prefixes.some(function (p) { return t.indexOf(p) === 0; });
      });
      if (hit) ranges.push([start, start + word.length]);
    }
    while ((m = re.exec(text)) !== null) {
      var at = m.index;
      window.JHAnalysis.scriptParts(m[0]).forEach(function (part) { add(part, at); });
    }
    return ranges;
  }

  function highlighted(text, ranges) {
    var fragment = document.createDocumentFragment(), at = 0;
    ranges.forEach(function (r) {
      if (r[0] < at) r = [at, r[1]];
      if (r[1] <= at) return;
      fragment.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      fragment.appendChild(mark);
      at = r[1];
    });
    fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  function snippet(body, clauses) {
    var ranges = matchedRanges(body, clauses);
    var length = state.data.analysis.snippet_chars || SNIPPET;
    var start = ranges.length ? Math.max(0, ranges[0][0] - Math.floor(length / 4)) : 0;
    if (start > 0) { var space = body.indexOf(" ", start); if (space > 0 && space < ranges[0][0]) start = space + 1; }
    var end = Math.min(body.length, start + length);
    if (end < body.length) { var cut = body.lastIndexOf(" ", end - 1); if (cut > start + Math.floor(length / 2)) end = cut; }
    var text = (start > 0 ? "… " : "") + body.slice(start, end) + (end < body.length ? " …" : "");
    var shift = start > 0 ? 2 - start : 0;
    var inside = ranges.map(function (r) { return [r[0] + shift, r[1] + shift]; })
      .filter(function (r) { return r[0] >= 0 && r[1] <= text.length; });
    return highlighted(text, inside);
  }

  function show(query) {
    list.textContent = "";
    list.setAttribute("data-query", query);  // which query the list answers (tests wait for it)
    var clauses = state.analyser.clauses(query);
    if (!clauses.length) { status.textContent = ""; panel.hidden = !query; return; }
    var choice = filter.value;
    var docs = state.data.docs;
    var results = rank(query).filter(function (r) { return accepts(docs[+r.ref], choice); });
    panel.hidden = false;
    status.textContent = results.length ? strings.count.replace("{count}", results.length)
                                        : strings.none.replace("{query}", query.trim());
    results.slice(0, MAX_RESULTS).forEach(function (r) {
      var doc = docs[+r.ref];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + doc.r;
      a.className = "jh-result";
      var context = document.createElement("span");
      context.className = "jh-result__context";
      context.textContent = [doc.c !== doc.t ? doc.c : "", state.data.handbooks.filter(function (h) { return h.id === doc.h; })
        .map(function (h) { return h.title; })[0] || ""].filter(Boolean).reverse().join(" › ");
      var title = document.createElement("span");
      title.className = "jh-result__title";
      title.appendChild(highlighted(doc.t, matchedRanges(doc.t, clauses)));
      var text = document.createElement("span");
      text.className = "jh-result__snippet";
      text.setAttribute("data-entry", r.ref);
      if (state.text) text.appendChild(snippet(doc.b, clauses));
      a.appendChild(context);
      a.appendChild(title);
      a.appendChild(text);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function update() {
    var query = input.value;
    if (!query.trim()) { list.textContent = ""; status.textContent = ""; panel.hidden = true; return; }
    if (!state.index) {
      panel.hidden = false;
      status.textContent = strings.loading;
      load().then(function () { if (state.index && input.value === query) show(query); });
      return;
    }
    show(query);
  }

  function open() {
    box.classList.add("jh-search--open");
    openButton.setAttribute("aria-expanded", "true");
    input.focus();
  }

  // Closes the results, and the folded box on a narrow screen; focus goes back to what opened it.
  function close(restoreFocus) {
    var wasOpen = box.classList.contains("jh-search--open");
    box.classList.remove("jh-search--open");
    openButton.setAttribute("aria-expanded", "false");
    panel.hidden = true;
    if (restoreFocus) (wasOpen && openButton.offsetParent !== null ? openButton : input).focus();
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("focus", function () { load(); if (input.value.trim()) update(); });
  input.addEventListener("input", function () {
    clearTimeout(state.timer);
    state.timer = setTimeout(update, state.index ? 60 : 0);
  });
  filter.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  openButton.addEventListener("click", open);
  closeButton.addEventListener("click", function () { input.value = ""; close(true); });
  box.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      close(true);
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) input.focus(); else all[at - 1].focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) close(false);
  });
  // A result on the page being read only scrolls it: close the panel so the section shows.
  list.addEventListener("click", function () { close(false); });
  document.addEventListener("keydown", function (event) {
    var tag = (document.activeElement && document.activeElement.tagName) || "";
    if (event.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(tag)) { event.preventDefault(); open(); }
  });
  // For the tests, which compare the browser's ranking and snippets with the command line's.
  window.JHSearch = {
    load: load,
    rank: function (q) { return rank(q); },
    weights: function () {
      var out = {};
      Object.keys(state.index.fieldVectors).forEach(function (ref) { out[ref] = state.index.fieldVectors[ref].elements; });
      return out;
    },
    snippet: function (q, number) { return snippet(state.data.docs[number].b, state.analyser.clauses(q)); }
  };
})();
