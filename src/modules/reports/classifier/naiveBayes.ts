/**
 * Multinomial naive Bayes over weighted bags of features, with Laplace smoothing. Features the
 * model never saw are ignored (they say nothing about any class). Scores are posterior
 * probabilities over the classes, so they sum to 1 and can be compared with a threshold.
 */
export interface TrainingExample {
  label: string;
  features: readonly string[];
  /** How much this example counts (a category name weighs more than a stray word). */
  weight?: number;
}

export interface NaiveBayesOptions {
  /** Additive smoothing; small values suit the short training texts here. */
  alpha: number;
  /** Log prior per class; omitted classes get the uniform prior. */
  logPriors?: ReadonlyMap<string, number>;
}

export interface RankedLabel {
  label: string;
  score: number;
}

export class NaiveBayesModel {
  private constructor(
    readonly labels: readonly string[],
    private readonly logPriors: Float64Array,
    /** feature → log P(feature | class), one value per class. */
    private readonly logLikelihoods: Map<string, Float32Array>,
  ) {}

  static train(examples: readonly TrainingExample[], options: NaiveBayesOptions): NaiveBayesModel {
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    const index = new Map(labels.map((l, i) => [l, i]));
    const counts = new Map<string, Float64Array>();
    const totals = new Float64Array(labels.length);
    for (const example of examples) {
      const c = index.get(example.label)!;
      const weight = example.weight ?? 1;
      for (const feature of example.features) {
        let row = counts.get(feature);
        if (!row) counts.set(feature, (row = new Float64Array(labels.length)));
        row[c]! += weight;
        totals[c]! += weight;
      }
    }
    const vocabulary = counts.size;
    const alpha = options.alpha;
    // Single precision is plenty for log probabilities and halves the model's memory.
    const logLikelihoods = new Map<string, Float32Array>();
    for (const [feature, row] of counts) {
      const out = new Float32Array(labels.length);
      for (let c = 0; c < labels.length; c++) out[c] = Math.log((row[c]! + alpha) / (totals[c]! + alpha * vocabulary));
      logLikelihoods.set(feature, out);
    }
    const uniform = -Math.log(Math.max(labels.length, 1));
    const logPriors = Float64Array.from(labels, (l) => options.logPriors?.get(l) ?? uniform);
    return new NaiveBayesModel(labels, logPriors, logLikelihoods);
  }

  get vocabularySize(): number {
    return this.logLikelihoods.size;
  }

  /** Classes by posterior probability, best first; empty when no feature is known. */
  rank(features: readonly string[], limit: number): RankedLabel[] {
    const known = features.map((f) => this.logLikelihoods.get(f)).filter((row): row is Float32Array => row !== undefined);
    if (known.length === 0 || this.labels.length === 0) return [];
    const logPosterior = Float64Array.from(this.logPriors);
    for (const row of known) for (let c = 0; c < row.length; c++) logPosterior[c]! += row[c]!;
    // Softmax with the maximum subtracted, so long texts do not underflow.
    let max = -Infinity;
    for (const v of logPosterior) if (v > max) max = v;
    let sum = 0;
    const probabilities = Float64Array.from(logPosterior, (v) => { const p = Math.exp(v - max); sum += p; return p; });
    return this.labels
      .map((label, c) => ({ label, score: probabilities[c]! / sum }))
      .sort((a, b) => b.score - a.score || a.label.localeCompare(b.label))
      .slice(0, limit);
  }
}
