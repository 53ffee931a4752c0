// Runs the browser's analyser (build_tools/assets/search/analysis.js) under Node for the parity tests.
// Reads {"languages": <languages.json>, "items": [{"lang", "text"}]} on stdin; writes [{"tokens", "clauses"}].
"use strict";
const path = require("path");
const root = path.resolve(__dirname, "..", "..");
const { Analyser } = require(path.join(root, "build_tools/assets/search/analysis.js"));
const stemmers = require("./stemmers.js");

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const analysers = {};
  const out = request.items.map(({ lang, text }) => {
    const a = analysers[lang] || (analysers[lang] = new Analyser(lang, request.languages[lang], stemmers.stemmer(lang)));
    return { tokens: a.analyse(text), clauses: a.clauses(text).map((c) => (c.prefix ? c.term + "*" : c.term)) };
  });
  process.stdout.write(JSON.stringify(out));
});
