/**
 * Measures a classifier on the held-out evaluation set (evaluationSet.json): top-1 and top-3
 * accuracy, the most-frequent-class baseline, and how precise the top suggestion is above each
 * confidence threshold (what the submit flow needs to pick its threshold).
 */
import { readFileSync } from 'node:fs';
import type { CategoryClassifier } from './categoryClassifier.js';

export interface EvaluationItem {
  text: string;
  category: string;
}

export interface ThresholdRow {
  threshold: number;
  /** Share of texts whose top suggestion reaches the threshold. */
  coverage: number;
  /** Of those, the share whose top suggestion is right. */
  precision: number;
}

export interface EvaluationResult {
  items: number;
  categories: number;
  top1: number;
  top3: number;
  /** Always answering the most frequent category of the set. */
  baseline: { categoryCode: string; accuracy: number };
  /** Texts for which the classifier knew no word at all. */
  noSuggestion: number;
  thresholds: ThresholdRow[];
  mistakes: Array<{ text: string; expected: string; got: string; score: number }>;
}

export function loadEvaluationSet(): EvaluationItem[] {
  const raw = JSON.parse(readFileSync(new URL('./evaluationSet.json', import.meta.url), 'utf8')) as { items: EvaluationItem[] };
  return raw.items;
}

export function evaluateClassifier(classifier: CategoryClassifier, items: readonly EvaluationItem[], thresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]): EvaluationResult {
  let top1 = 0;
  let top3 = 0;
  let noSuggestion = 0;
  const mistakes: EvaluationResult['mistakes'] = [];
  const tops: Array<{ right: boolean; score: number }> = [];
  for (const item of items) {
    const suggestions = classifier.suggest(item.text, 3);
    const first = suggestions[0];
    if (!first) noSuggestion++;
    const right = first?.categoryCode === item.category;
    if (right) top1++;
    else mistakes.push({ text: item.text, expected: item.category, got: first?.categoryCode ?? '(none)', score: first?.score ?? 0 });
    if (suggestions.some((s) => s.categoryCode === item.category)) top3++;
    tops.push({ right, score: first?.score ?? 0 });
  }
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.category, (counts.get(item.category) ?? 0) + 1);
  const [baselineCode, baselineCount] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['', 0];
  const n = items.length;
  return {
    items: n,
    categories: counts.size,
    top1: top1 / n,
    top3: top3 / n,
    baseline: { categoryCode: baselineCode, accuracy: baselineCount / n },
    noSuggestion,
    thresholds: thresholds.map((threshold) => {
      const above = tops.filter((t) => t.score >= threshold);
      return { threshold, coverage: above.length / n, precision: above.length ? above.filter((t) => t.right).length / above.length : 0 };
    }),
    mistakes,
  };
}
