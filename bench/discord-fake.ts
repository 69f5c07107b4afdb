// The local Discord of bench/discord.ts, in a process of its own as Discord's servers are in production, so that its
// work does not count as the adapter's. Its argument is how many learners to make. Speaks to the benchmark over the
// IPC channel: `dm` dispatches a learner's direct message over the gateway and notes when; `measure` answers how long
// after that dispatch the bot's last message post or edit in that DM came, and how many REST calls it made there.
import { performance } from 'node:perf_hooks';
import { startFakeDiscord } from '../test/fakes/discord.ts';

type Request = { type: 'dm'; id: number; learner: number; text: string } | { type: 'measure'; id: number } | { type: 'close' };

// Discord's own heartbeat interval: the harness's short one would only add gateway chatter to the timings.
const discord = await startFakeDiscord({ heartbeatMs: 41_250 });
const learners = Array.from({ length: Number(process.argv[2] ?? 50) }, (_, i) => {
  const user = discord.user(`learner-${i}`);
  return { user, channel: discord.dmChannelOf(user) };
});
const dispatched = new Map<number, { at: number; channel: string }>();
const send = (message: object) => process.send?.(message);
// What the learner reads: the typing indicator is fire-and-forget in the adapter and may land after the reply.
const isReply = (call: { method: string; path: string }) => /^\/channels\/\d+\/messages(\/\d+)?$/.test(call.path) && (call.method === 'POST' || call.method === 'PATCH');

process.on('message', (request: Request) => {
  if (request.type === 'dm') {
    const learner = learners[request.learner];
    if (!learner) throw new Error(`no learner ${request.learner}`);
    dispatched.set(request.id, { at: performance.now(), channel: learner.channel });
    discord.dm(learner.user, request.text);
  } else if (request.type === 'measure') {
    const from = dispatched.get(request.id) ?? { at: Infinity, channel: '' };
    dispatched.delete(request.id);
    let last: number | undefined;
    let calls = 0;
    // The newest calls are at the end: walk back to the dispatch.
    for (let i = discord.timeline.length - 1; i >= 0; i--) {
      const call = discord.timeline[i];
      if (!call || call.at < from.at) break;
      if (call.channel !== from.channel) continue;
      if (isReply(call)) last ??= call.at;
      calls += 1;
    }
    send({ type: 'measured', id: request.id, ms: last === undefined ? null : last - from.at, calls });
  } else {
    void discord.close().then(() => process.exit(0));
  }
});
send({
  type: 'ready',
  apiUrl: discord.apiUrl,
  token: discord.token,
  applicationId: discord.applicationId,
  users: learners.map((l) => l.user.id),
});
