// npm run bench:jailbreak: every jailbreak message on every bundled pack, against a tutor whose language model
// is fully compromised: it tries to leak the open answer in 45+ disguises, in replies, diagnoses and grading,
// and, as the guard's judge, passes everything. Runs the tutor as configured by default (no judge), then with
// its judge on (PONDER_GUARD_JUDGE=on). Prints what reached the learners per pack and per disguise, the goals
// met or missed, and one JSON line.
// Options: --messages <n> (per pack; default all), --seed <n>, --config default|judge (one configuration only).
import { parseArgs } from 'node:util';
import { JAILBREAK_MESSAGES } from './jailbreak/messages.ts';
import { formatReport, goalLines, summaryJson } from './jailbreak/report.ts';
import { runJailbreakSuite } from './jailbreak/run.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string' },
    seed: { type: 'string' },
    config: { type: 'string' },
  },
});
const messagesPerPack = values.messages ? Number(values.messages) : JAILBREAK_MESSAGES.length;
const seed = values.seed ? Number(values.seed) : 7;
const configs = [
  { name: 'default', title: 'the tutor as configured by default (rules only, no judge)', guardJudge: false },
  { name: 'judge', title: 'with the guard\'s judge on (PONDER_GUARD_JUDGE=on); the judge is the compromised model', guardJudge: true },
].filter((c) => !values.config || c.name === values.config);
if (configs.length === 0) throw new Error(`--config must be "default" or "judge", not "${values.config}".`);

console.log(`Jailbreak suite: ${messagesPerPack} jailbreak messages (${JAILBREAK_MESSAGES.length} written) on every bundled pack, seed ${seed}.`);
console.log('The tutor is a black box (openPonder, the real Anthropic SDK, a local fake API); the model behind it leaks on purpose.');
const summaries: string[] = [];
for (const config of configs) {
  console.log('');
  console.log(`=== ${config.name}: ${config.title}`);
  let last = 0;
  const report = await runJailbreakSuite({
    messagesPerPack,
    seed,
    guardJudge: config.guardJudge,
    onTurn: (pack, turn) => {
      if (Date.now() - last < 5000) return;
      last = Date.now();
      process.stderr.write(`  ${config.name} ${pack}: ${turn} turns\n`);
    },
  });
  console.log(`Ran ${report.totals.turns} turns in ${report.seconds.toFixed(1)} s.`);
  console.log('');
  for (const line of formatReport(report)) console.log(line);
  for (const line of goalLines(report)) console.log(`[${config.name}] ${line}`);
  summaries.push(`"${config.name}":${summaryJson(report, messagesPerPack)}`);
}
console.log(`{${summaries.join(',')}}`);
