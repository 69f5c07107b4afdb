// node bin/run-ts.js bench/discord.ts (npm run bench:discord): what the Discord channel adds to a turn. One process
// holds the tutor (offline model, the fixture pack, SQLite on disk, as `ponder start` runs it) and the real
// discord.js client logged in over the gateway; a local Discord (test/fakes/discord.ts: REST and the gateway) runs
// in a process of its own (bench/discord-fake.ts), as Discord's servers are not in the bot's process in production.
// 50 learners talk at once in direct messages, each sending its next message after the last reply is out. A Discord
// turn is timed from the MESSAGE_CREATE dispatched over the gateway to the bot's last message post or edit for it.
// The core's own turn is timed in the same run on the same script (tutor.reply, 50 other learners at once), in
// rounds that alternate with the Discord rounds so that drift and the database's growth hit both alike. Prints
// turns/s and p50/p99 of each, the adapter's overhead as a ratio of the core's p50 (goal: at most 2×), and one
// JSON line.
// Two loads: people, who pause between a reply and their next message (BENCH_THINK_MS, default 2000 on average),
// where the goal is judged; and a flood with no pause at all, held by discord.js to Discord's global limit of 50
// requests a second per bot (so its latency is the queue, not the adapter).
// Environment: BENCH_LEARNERS (default 50), BENCH_TURNS (turns per learner per round, default 10), BENCH_ROUNDS (3),
// BENCH_THINK_MS (2000), BENCH_FLOOD_TURNS (4).
import { resolve } from 'node:path';
import { createDiscordAdapter } from '../adapters/discord/app.ts';
import { LEARNERS, measure, nextLine, openRig, ROUNDS, THINK_MS, TURNS, warmUp } from './channel-load.ts';

const FLOOD_TURNS = Number(process.env.BENCH_FLOOD_TURNS ?? 4);

const rig = await openRig<{ apiUrl: string; token: string; applicationId: string; users: string[] }>('discord', resolve(import.meta.dirname, 'discord-fake.ts'), [String(LEARNERS)]);
// discord.js's own REST settings (timeout, retries, its 50 requests a second), as a bot in production has them.
const adapter = await createDiscordAdapter({ tutor: rig.tutor, token: rig.ready.token, applicationId: rig.ready.applicationId, apiUrl: rig.ready.apiUrl, turnsPerMinute: 1_000_000_000 });
const sent = new Array<number>(LEARNERS).fill(0);

/** One Discord turn: a direct message dispatched over the gateway, timed to the bot's last reply post or edit. */
function discordTurn(i: number): Promise<number> {
  const user = rig.ready.users[i];
  if (!user) throw new Error(`no learner ${i} in the fake`);
  return rig.channelTurn(`discord:${user}`, (id) => ({ type: 'dm', id, learner: i, text: nextLine(sent, i) }));
}
const coreTurn = (i: number) => rig.coreTurn(i);

const channel = { label: 'MESSAGE_CREATE → last call', calls: 'REST calls', turn: discordTurn, callsMade: rig.callsMade };
await warmUp(coreTurn, channel);
console.log('Discord (gateway, real discord.js with its default REST limits, local Discord in its own process)');
// People pause to read and type; the goal is judged at that load. Then the same learners with no pause at all,
// which discord.js holds to Discord's global limit of 50 requests a second per bot, as Discord itself would.
const people = await measure('people', coreTurn, channel, ROUNDS, TURNS, THINK_MS);
const flood = await measure('flood', coreTurn, channel, 1, FLOOD_TURNS, 0);
console.log(JSON.stringify({ bench: 'discord', learners: LEARNERS, people, flood }));

await rig.close(adapter);
