// `ponder stats`: what the language model cost, from the per-turn records.
import type { ModelStats } from '../store/store.ts';

export function printStats(rows: ModelStats[], json: boolean, out: (s: string) => void): void {
  if (json) {
    out(`${JSON.stringify({ models: rows })}\n`);
    return;
  }
  if (rows.length === 0) {
    out('No language-model calls recorded (the tutor has run offline).\n');
    return;
  }
  for (const r of rows) {
    const share = r.inputTokens > 0 ? Math.round((r.cachedTokens / r.inputTokens) * 100) : 0;
    out(
      `${r.model} ${r.purpose}: ${r.calls} calls in ${r.turns} turns; per call ${Math.round(r.inputTokens / r.calls)} input tokens ` +
        `(${share}% from cache), ${Math.round(r.outputTokens / r.calls)} output; latency p50 ${r.p50LatencyMs} ms, p95 ${r.p95LatencyMs} ms\n`,
    );
  }
}
