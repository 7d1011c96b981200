/**
 * Trains the category classifier when the app starts (categories + past reports in the
 * database) and again every few hours, and installs it for `suggestCategory`.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ModuleContext } from '../../moduleContext.js';
import { installCategoryClassifier, trainFromDatabase } from './categoryClassifier.js';

const RETRAIN_EVERY_MS = 6 * 3_600_000;

export const categoryClassifierPlugin: FastifyPluginAsync<ModuleContext> = async (app, ctx) => {
  const train = async () => {
    const started = performance.now();
    const classifier = await trainFromDatabase(ctx.db);
    installCategoryClassifier(classifier);
    app.log.info({ ...classifier.trainedOn, ms: Math.round(performance.now() - started) }, 'category classifier trained');
  };
  await train();
  const timer = setInterval(() => { train().catch((err: unknown) => app.log.warn({ err }, 'category classifier retraining failed')); }, RETRAIN_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
};
