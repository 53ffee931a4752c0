// Language analysis for search: text -> index tokens. The twin of build_tools/analysis.py, step for
// step; both run tests/search/vectors.yml and must agree. Change one, change the other.
// Runs in the browser (window.JHAnalysis) and under Node (module.exports) for the parity tests.
(function (root) {
  "use strict";

  var ARABIC_MARKS = /[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
  var LETTERS = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه", "ё": "е", "ë": "e", "ï": "i" };
  var LETTER_RE = /[أإآٱؤئىةёëï]/g;
  var HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ebef}]+/gu;
  var HAN_START = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ebef}]/u;
  var HAN_ANY = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ebef}]/u;
  var WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
  var ARABIC_WORD = /^[\u0621-\u064a]/;
  var AR_PREFIXES = ["وال", "بال", "كال", "فال", "لل", "ال"];
  var AR_SUFFIXES = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];
  var HYPHENS = "-\u2010\u2011";
  var ISE = /^(.{3,})is(e|es|ed|ing|ation|ations|er|ers)$/u;
  var PREFIX_MIN = 3;

  function length(text) { return Array.from(text).length; }

  function normalise(text) {
    text = text.normalize("NFKC").toLowerCase();
    return text.replace(ARABIC_MARKS, "").replace(LETTER_RE, function (c) { return LETTERS[c]; });
  }

  function bigrams(han) {
    var chars = Array.from(han);
    if (chars.length === 1) return [han];
    var out = [];
    for (var i = 0; i < chars.length - 1; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }

  // [offset, text, is Han] of the runs of Han and of other characters in `word` (script_parts in
  // analysis.py); search.js highlights the two kinds differently.
  function scriptParts(word) {
    var parts = [], start = 0, match;
    HAN_RUN.lastIndex = 0;
    while ((match = HAN_RUN.exec(word)) !== null) {
      if (match.index > start) parts.push([start, word.slice(start, match.index), false]);
      parts.push([match.index, match[0], true]);
      start = match.index + match[0].length;
    }
    if (start < word.length) parts.push([start, word.slice(start), false]);
    return parts;
  }

  function splitHan(word, out) {
    scriptParts(word).forEach(function (part) {
      if (part[2]) Array.prototype.push.apply(out, bigrams(part[1]));
      else out.push(part[1]);
    });
  }

  function words(text) {
    var out = [], run = "", compound = [], chars = Array.from(text + " ");
    for (var i = 0; i < chars.length; i++) {
      var char = chars[i];
      if (WORD_CHAR.test(char)) { run += char; continue; }
      if (run) {
        splitHan(run, out);
        compound.push(run);
        run = "";
        if (HYPHENS.indexOf(char) >= 0 && WORD_CHAR.test(chars[i + 1])) continue;
      }
      if (compound.length > 1 && !compound.some(function (part) { return HAN_ANY.test(part); })) out.push(compound.join(""));
      compound = [];
    }
    return out;
  }

  function stemArabic(word) {
    if (!ARABIC_WORD.test(word)) return word;
    if (length(word) > 3 && word.charAt(0) === "و") word = word.slice(1);
    for (var i = 0; i < AR_PREFIXES.length; i++) {
      var p = AR_PREFIXES[i];
      if (word.indexOf(p) === 0 && length(word) - length(p) >= 2) { word = word.slice(p.length); break; }
    }
    for (var j = 0; j < AR_SUFFIXES.length; j++) {
      var s = AR_SUFFIXES[j];
      if (word.length >= s.length && word.slice(word.length - s.length) === s && length(word) - length(s) >= 2) {
        word = word.slice(0, word.length - s.length);
      }
    }
    return word;
  }

  // An analyser for one language. `data` is the language's entry of build_tools/search_data/languages.json
  // (index.js carries it); `stem` is the Snowball stemmer (word -> stem) for en/fr/es/ru, provided by
  // the caller: porter2 and lunr-languages in the browser and under Node.
  function Analyser(lang, data, stem) {
    data = data || {};
    this.lang = lang;
    this.stop = new Set((data.stopwords || []).map(normalise));
    this.spellings = new Map(Object.keys(data.spellings || {}).map(function (k) { return [normalise(k), normalise(data.spellings[k])]; }));
    this.iseExceptions = new Set((data.ise_exceptions || []).map(normalise));
    this.stem = lang === "ar" ? stemArabic : (stem || function (w) { return w; });
  }

  // Step 4, English: the American spelling of a British word (mirrors respell in analysis.py).
  Analyser.prototype.respell = function (word) {
    if (this.lang !== "en") return word;
    if (this.spellings.has(word)) return this.spellings.get(word);
    var m = ISE.exec(word);
    if (m && !this.iseExceptions.has(m[1] + "ise")) return m[1] + "iz" + m[2];
    return word;
  };

  Analyser.prototype.tokens = function (text) {
    var found = [], list = words(normalise(text));
    for (var i = 0; i < list.length; i++) {
      var han = HAN_START.test(list[i]), word = this.respell(list[i]);
      if (this.stop.has(word)) continue;
      var term = han ? word : this.stem(word);
      if (term) found.push({ term: term, han: han });
    }
    return found;
  };

  Analyser.prototype.analyse = function (text) {
    return this.tokens(text).map(function (t) { return t.term; });
  };

  // The lunr clauses for what a reader typed: mirrors query_clauses in analysis.py.
  Analyser.prototype.clauses = function (query) {
    var found = this.tokens(query), clauses = [], seen = new Set();
    found.forEach(function (t) {
      if (!seen.has(t.term)) { seen.add(t.term); clauses.push({ term: t.term, prefix: false, boost: 1.0 }); }
    });
    var last = found.length ? found[found.length - 1] : null;
    var typing = query.length > 0 && !/\s$/.test(query);
    if (last && typing && !last.han && length(last.term) >= PREFIX_MIN) {
      clauses.push({ term: last.term, prefix: true, boost: 0.5 });
    }
    return clauses;
  };

  var api = { Analyser: Analyser, normalise: normalise, words: words, bigrams: bigrams, stemArabic: stemArabic, scriptParts: scriptParts };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.JHAnalysis = api;
})(this);
