/**
 * Proposes a category for a report's text: a multinomial naive Bayes model over folded
 * unigrams + bigrams (textFeatures.ts), trained on each leaf category's name, description and
 * keywords (plus its group's, with less weight) and on past reports' descriptions.
 *
 * The submit part of the module calls `suggestCategory(description)` and sets
 * `reports.suggested_category_id` when the top suggestion differs from the citizen's choice with
 * enough confidence (docs/classifier.md gives the measured figures and the threshold).
 */
import { desc, notInArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { categories, reports } from '../../../db/schema/index.js';
import { featuresOf } from './textFeatures.js';
import { NaiveBayesModel, type TrainingExample } from './naiveBayes.js';

export interface CategorySuggestion {
  categoryCode: string;
  /** Posterior probability in [0, 1]; the suggestions of one text sum to at most 1. */
  score: number;
}

/** The facts of a category the classifier learns from (city pack seed or database row). */
export interface CategoryText {
  code: string;
  parentCode: string | null;
  nameVi: string;
  descriptionVi: string;
  keywords: readonly string[];
}

export interface PastReport {
  categoryCode: string;
  description: string;
}

/** Recommended confidence for proposing another category than the citizen's (docs/classifier.md). */
export const SUGGESTION_THRESHOLD = 0.9;

const WEIGHTS = { name: 2, keyword: 2, description: 1, groupText: 0.5, pastReport: 1 } as const;
const ALPHA = 0.1;
/** A word from past reports counts once it appears in this many of them. */
const MIN_REPORT_FREQUENCY = 2;
/** Past reports read for training: the most recent ones, so memory and start time stay bounded. */
export const MAX_TRAINING_REPORTS = 20_000;

export class CategoryClassifier {
  constructor(private readonly model: NaiveBayesModel, readonly trainedOn: { categories: number; reports: number }) {}

  /** The `limit` most likely categories (leaf codes), best first; empty for text with no known word. */
  suggest(text: string, limit = 3): CategorySuggestion[] {
    return this.model.rank(featuresOf(text), limit).map((r) => ({ categoryCode: r.label, score: r.score }));
  }
}

/** Leaf categories are the labels: children, and groups that have no children. */
function leaves(all: readonly CategoryText[]): CategoryText[] {
  const parents = new Set(all.map((c) => c.parentCode).filter((p): p is string => p !== null));
  return all.filter((c) => !parents.has(c.code));
}

export function trainClassifier(all: readonly CategoryText[], pastReports: readonly PastReport[] = []): CategoryClassifier {
  const byCode = new Map(all.map((c) => [c.code, c]));
  const labels = leaves(all);
  const labelCodes = new Set(labels.map((c) => c.code));
  const examples: TrainingExample[] = [];
  for (const category of labels) {
    const group = category.parentCode ? byCode.get(category.parentCode) : undefined;
    examples.push({ label: category.code, features: featuresOf(category.nameVi), weight: WEIGHTS.name });
    examples.push({ label: category.code, features: featuresOf(category.descriptionVi), weight: WEIGHTS.description });
    for (const keyword of category.keywords) examples.push({ label: category.code, features: featuresOf(keyword), weight: WEIGHTS.keyword });
    if (group) {
      examples.push({ label: category.code, features: featuresOf([group.nameVi, ...group.keywords].join(' , ')), weight: WEIGHTS.groupText });
    }
  }
  const reportCounts = new Map<string, number>();
  const reportFeatures: Array<{ label: string; features: string[] }> = [];
  const documentFrequency = new Map<string, number>();
  for (const report of pastReports) {
    if (!labelCodes.has(report.categoryCode)) continue;
    const features = [...new Set(featuresOf(report.description))];
    reportFeatures.push({ label: report.categoryCode, features });
    for (const f of features) documentFrequency.set(f, (documentFrequency.get(f) ?? 0) + 1);
    reportCounts.set(report.categoryCode, (reportCounts.get(report.categoryCode) ?? 0) + 1);
  }
  // Words of a single past report (house numbers, names, typos) teach nothing and would make the
  // model grow with every report; the categories' own words are always kept.
  const categoryVocabulary = new Set(examples.flatMap((e) => e.features));
  const keep = (f: string) => categoryVocabulary.has(f) || (documentFrequency.get(f) ?? 0) >= MIN_REPORT_FREQUENCY;
  for (const { label, features } of reportFeatures) {
    examples.push({ label, features: features.filter(keep), weight: WEIGHTS.pastReport });
  }
  const used = [...reportCounts.values()].reduce((a, b) => a + b, 0);
  // With past reports, common categories become a little more likely a priori (add-one smoothed,
  // so a category nobody has used yet still gets a fair chance).
  const logPriors = used > 0
    ? new Map(labels.map((c) => [c.code, Math.log(((reportCounts.get(c.code) ?? 0) + 1) / (used + labels.length))]))
    : undefined;
  const model = NaiveBayesModel.train(examples, { alpha: ALPHA, ...(logPriors ? { logPriors } : {}) });
  return new CategoryClassifier(model, { categories: labels.length, reports: used });
}

/**
 * Trains on the active categories in the database and on the descriptions of past reports,
 * leaving out rejected and merged ones (out of scope or duplicates: their category says less).
 */
export async function trainFromDatabase(db: DbOrTx): Promise<CategoryClassifier> {
  const rows = await db.select({
    id: categories.id, code: categories.code, parentId: categories.parentId, nameVi: categories.nameVi,
    descriptionVi: categories.descriptionVi, keywords: categories.keywords, active: categories.active,
  }).from(categories).limit(5000);
  const codeOf = new Map(rows.map((r) => [r.id, r.code]));
  const inactive = new Set(rows.filter((r) => !r.active).map((r) => r.id));
  const active = rows.filter((r) => r.active && !(r.parentId && inactive.has(r.parentId)));
  const categoryTexts: CategoryText[] = active.map((r) => ({
    code: r.code, parentCode: r.parentId ? codeOf.get(r.parentId) ?? null : null,
    nameVi: r.nameVi, descriptionVi: r.descriptionVi, keywords: r.keywords,
  }));
  const past = await db.select({ categoryId: reports.categoryId, description: reports.description })
    .from(reports)
    .where(notInArray(reports.status, ['rejected', 'merged']))
    .orderBy(desc(reports.createdAt))
    .limit(MAX_TRAINING_REPORTS);
  const pastReports = past
    .map((r) => ({ categoryCode: codeOf.get(r.categoryId) ?? '', description: r.description }))
    .filter((r) => r.categoryCode !== '');
  return trainClassifier(categoryTexts, pastReports);
}

/** Training texts from a city pack's category seeds (the evaluation script uses this). */
export function categoryTextsFromSeeds(seeds: ReadonlyArray<{ code: string; parentCode?: string; nameVi: string; descriptionVi: string; keywords: readonly string[] }>): CategoryText[] {
  return seeds.map((s) => ({ code: s.code, parentCode: s.parentCode ?? null, nameVi: s.nameVi, descriptionVi: s.descriptionVi, keywords: s.keywords }));
}

// ---- the classifier the running app uses ------------------------------------------------------

let installed: CategoryClassifier | null = null;

/**
 * classifierPlugin.ts trains one when the app starts (and every few hours) and installs it here.
 * One per process: with several apps in one process (tests), the last one trained is used.
 */
export function installCategoryClassifier(classifier: CategoryClassifier): void {
  installed = classifier;
}

/**
 * The three most likely categories for a report text, best first, with their probabilities.
 * Uses the given classifier, else the one the app installed; before any is installed it returns
 * no suggestion rather than guessing.
 */
export function suggestCategory(text: string, classifier: CategoryClassifier | null = installed): CategorySuggestion[] {
  return classifier ? classifier.suggest(text, 3) : [];
}

/** Convenience for the submit flow: the category to propose, or null when the citizen's choice stands. */
export function proposedCategory(text: string, chosenCode: string, threshold = SUGGESTION_THRESHOLD, classifier: CategoryClassifier | null = installed): CategorySuggestion | null {
  const [top] = suggestCategory(text, classifier);
  return top && top.categoryCode !== chosenCode && top.score >= threshold ? top : null;
}

