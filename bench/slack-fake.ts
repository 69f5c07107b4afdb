// The local Slack of bench/slack.ts, in a process of its own as Slack's servers are in production, so that its
// work does not count as the adapter's. Speaks to the benchmark over the IPC channel: `push` sends an event over
// the socket and notes when; `measure` answers how long after that push the app's last Web API call came.
import { performance } from 'node:perf_hooks';
import { startFakeSlack } from '../test/fakes/slack.ts';

type Request = { type: 'push'; id: number; body: string } | { type: 'measure'; id: number; channel: string } | { type: 'close' };

const slack = await startFakeSlack();
const pushedAt = new Map<number, number>();
const send = (message: object) => process.send?.(message);

process.on('message', (request: Request) => {
  if (request.type === 'push') {
    pushedAt.set(request.id, performance.now());
    void slack.socket.push(request.body);
  } else if (request.type === 'measure') {
    const from = pushedAt.get(request.id) ?? Infinity;
    pushedAt.delete(request.id);
    let last: number | undefined;
    let calls = 0;
    // The newest calls are at the end: walk back to the push.
    for (let i = slack.timeline.length - 1; i >= 0; i--) {
      const call = slack.timeline[i];
      if (!call || call.at < from) break;
      if (call.channel !== request.channel) continue;
      last ??= call.at;
      calls += 1;
    }
    send({ type: 'measured', id: request.id, ms: last === undefined ? null : last - from, calls });
  } else {
    void slack.close().then(() => process.exit(0));
  }
});
send({ type: 'ready', apiUrl: slack.apiUrl });
