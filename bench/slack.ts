// node bin/run-ts.js bench/slack.ts (npm run bench:slack): what the Slack channel adds to a turn. One process
// holds the tutor (offline model, the fixture pack, SQLite on disk, as `ponder start` runs it) and the real Bolt
// app in Socket Mode; a local Slack (test/fakes/slack.ts: the Web API and the Socket Mode WebSocket) runs in a
// process of its own (bench/slack-fake.ts), as Slack's servers are not in the app's process in production.
// 50 learners talk at once (bench/channel-load.ts: a flood, then people pausing between messages). A Slack turn is
// timed from the event pushed over the socket to the last Web API call the app made for it; the core's own turn
// in the same run on the same script. Prints turns/s and p50/p99 of each, the adapter's overhead as a ratio of the
// core's p50 (goal: at most 2×), and one JSON line.
// Environment: BENCH_LEARNERS (default 50), BENCH_TURNS (turns per learner per round, default 10), BENCH_ROUNDS (3),
// BENCH_THINK_MS (2000).
import { resolve } from 'node:path';
import { createSlackAdapter } from '../adapters/slack/app.ts';
import { directMessage } from '../test/fakes/slack.ts';
import { LEARNERS, measure, nextLine, openRig, ROUNDS, THINK_MS, TURNS, warmUp } from './channel-load.ts';

const rig = await openRig<{ apiUrl: string }>('slack', resolve(import.meta.dirname, 'slack-fake.ts'));
const adapter = await createSlackAdapter({ tutor: rig.tutor, botToken: 'xoxb-bench', appToken: 'xapp-bench', apiUrl: rig.ready.apiUrl, turnsPerMinute: 1_000_000_000 });
const sent = new Array<number>(LEARNERS).fill(0);

/** One Slack turn: pushed over the socket, timed to the app's last Web API call for that conversation. */
const slackTurn = (i: number): Promise<number> =>
  rig.channelTurn(`slack:T1/U${i}`, (id) => ({ type: 'push', id, body: directMessage(`U${i}`, nextLine(sent, i), `Ev-bench-${id}`) }), { channel: `D-U${i}` });
const coreTurn = (i: number) => rig.coreTurn(i);

const channel = { label: 'Slack event → last call', calls: 'Web API calls', turn: slackTurn, callsMade: rig.callsMade };
await warmUp(coreTurn, channel);
console.log('Slack (Socket Mode, the real Bolt, a local Slack in its own process)');
// A flood, each learner's next message the moment the reply is out; then people, who pause to read and type.
const flood = await measure('flood', coreTurn, channel, ROUNDS, TURNS, 0);
const people = await measure('people', coreTurn, channel, ROUNDS, TURNS, THINK_MS);
console.log(JSON.stringify({ bench: 'slack', learners: LEARNERS, flood, people }));

await rig.close(adapter);
