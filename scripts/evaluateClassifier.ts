/**
 * `npm run classifier:evaluate`: trains the category classifier on the city pack's categories
 * (names, descriptions, keywords — no database needed) and prints top-1 / top-3 accuracy on the
 * held-out evaluation set, the most-frequent-class baseline, precision by confidence threshold
 * and the mistakes. `--quiet` leaves the mistakes out. CITY=… picks another city pack.
 */
import { loadCityPack } from '../src/cities/cityPack.js';
import { categoryTextsFromSeeds, trainClassifier } from '../src/modules/reports/classifier/categoryClassifier.js';
import { evaluateClassifier, loadEvaluationSet } from '../src/modules/reports/classifier/evaluation.js';

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

const city = loadCityPack(process.env.CITY ?? 'hanoi');
const classifier = trainClassifier(categoryTextsFromSeeds(city.categories));
const result = evaluateClassifier(classifier, loadEvaluationSet());

console.log(`Category classifier — multinomial naive Bayes, folded unigrams + bigrams`);
console.log(`trained on ${classifier.trainedOn.categories} leaf categories of the ${city.settings.code} city pack, ${classifier.trainedOn.reports} past reports`);
console.log(`evaluation set: ${result.items} texts in ${result.categories} categories\n`);
console.log(`top-1 accuracy   ${percent(result.top1)}`);
console.log(`top-3 accuracy   ${percent(result.top3)}`);
console.log(`baseline         ${percent(result.baseline.accuracy)} (always "${result.baseline.categoryCode}", the most frequent category)`);
console.log(`no suggestion    ${result.noSuggestion} text(s) with no known word\n`);
console.log('threshold  coverage  precision of the top suggestion');
for (const row of result.thresholds) {
  console.log(`   ${row.threshold.toFixed(1)}     ${percent(row.coverage).padStart(7)}    ${percent(row.precision).padStart(7)}`);
}
if (!process.argv.includes('--quiet')) {
  console.log(`\nmistakes (${result.mistakes.length}):`);
  for (const m of result.mistakes) console.log(`  ${m.expected.padEnd(34)} → ${m.got.padEnd(34)} ${m.score.toFixed(2)}  ${m.text}`);
}
