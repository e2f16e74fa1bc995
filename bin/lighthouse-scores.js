// Prints one Lighthouse report's scores (bin/check-pages lighthouse) and the audits that cost
// points; exits 1 when a category scores under the budget.
// Usage: node bin/lighthouse-scores.js report.json preset path budget
const [file, preset, path, budget] = process.argv.slice(2);
const report = require(require("path").resolve(file));
const audits = report.audits;
// A search of the directory is noindex by the indexing policy (providers/indexing.py), which
// Lighthouse's SEO category counts against it ("is-crawlable").
const noindex = new URL(report.finalDisplayedUrl).searchParams.has("q");
const scores = Object.values(report.categories).map((category) => ({
  category,
  score: Math.round(category.score * 100),
  held: !(noindex && category.id === "seo"),
}));
console.log(
  [
    preset,
    path,
    ...scores.map(({ category, score }) => `${category.id} ${score}`),
    `CLS ${audits["cumulative-layout-shift"].displayValue}`,
    `LCP ${audits["largest-contentful-paint"].displayValue}`,
    `TBT ${audits["total-blocking-time"].displayValue}`,
  ].join(" | "),
);
for (const { category, score } of scores) {
  if (score === 100) continue;
  for (const ref of category.auditRefs) {
    const audit = audits[ref.id];
    if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
      const value = audit.displayValue ? ` (${audit.displayValue})` : "";
      console.log(`    ${category.id}: ${audit.id} ${audit.score}${value}: ${audit.title}`);
      if (audit.id === "errors-in-console") {
        const errors = audit.details.items.map(
          (item) => `${item.description} ${new URL(item.sourceLocation?.url ?? "", report.finalDisplayedUrl).origin}`,
        );
        for (const error of new Set(errors)) console.log(`      ${error}`);
      }
    }
  }
}
process.exit(scores.some(({ score, held }) => held && score < Number(budget)) ? 1 : 0);
