// The Snowball stemmers the site ships, loaded from node_modules the way assets/search/search.js uses them.
"use strict";
const path = require("path");
const modules = path.resolve(__dirname, "..", "..", "node_modules");
const lunr = require(path.join(modules, "lunr"));
require(path.join(modules, "lunr-languages/lunr.stemmer.support"))(lunr);
for (const lang of ["fr", "es", "ru"]) require(path.join(modules, `lunr-languages/lunr.${lang}`))(lunr);
const porter2 = require(path.join(modules, "porter2"));

exports.lunr = lunr;
exports.stemmer = function (lang) {
  if (lang === "en") return porter2.stem;
  if (lunr[lang] && lunr[lang].stemmer) return (word) => lunr[lang].stemmer(word);
  return null;
};
