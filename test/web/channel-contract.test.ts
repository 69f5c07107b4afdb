// The web adapter keeps the channel contract (test/channel/contract.ts), driven through its HTTP API in process.
import { randomUUID } from 'node:crypto';
import { describeChannelContract, type Shown } from '../channel/contract.ts';
import { learnerScanner } from '../helpers/privacy.ts';
import { closeWebs, openWeb, replies } from './harness.ts';

describeChannelContract('web', async () => {
  const web = openWeb();
  const sessions = new Map<string, Promise<string>>();
  const anonymous = (learner: string) => `anon-${learner}-0123456789abcdef`;
  const scan = learnerScanner(web.dbPath, (identity) => web.ponder.store.learnerFor(identity));
  const session = (learner: string) => {
    let id = sessions.get(learner);
    if (!id) {
      id = web.start({ anonymousId: anonymous(learner) }).then((s) => s.body.sessionId);
      sessions.set(learner, id);
    }
    return id;
  };
  return {
    async say(learner, input, eventId) {
      const turn: Record<string, string> = 'text' in input ? { text: input.text } : { choice: input.choice };
      const id = eventId ?? `t-${randomUUID()}`;
      let sent = await web.send(await session(learner), turn, id);
      if (sent.res.status === 404) {
        // The session ended (the learner was forgotten): the widget opens a new one, as here.
        sessions.delete(learner);
        sent = await web.send(await session(learner), turn, id);
      }
      return replies(sent.events).map((r): Shown => ({ text: r.text, choices: (r.choices as Shown['choices'] | undefined) ?? [] }));
    },
    async storedTurns(learner) {
      const id = await web.ponder.store.learnerFor(`web:demo/anon:${anonymous(learner)}`);
      return id ? ((await web.ponder.store.countRows(id))['turns'] ?? 0) : 0;
    },
    rowsAbout: (learner) => scan(`web:demo/anon:${anonymous(learner)}`),
    close: closeWebs,
  };
});
