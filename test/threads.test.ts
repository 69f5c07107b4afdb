// Tutoring threads in shared channels (Turn.thread): the learner who opened one owns it, across restarts.
import { afterEach, describe, expect, it } from 'vitest';
import { MINI, startSession, type Session } from './helpers/session.ts';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('a tutoring thread', () => {
  it('belongs to the learner whose turn opened it, also after a restart, until they are forgotten', async () => {
    session = await startSession({ curriculumDir: MINI, identity: 'chat:ada' });
    const tutor = () => session?.ponder.tutor;
    expect(await tutor()?.threadOwner('chat:room/1', 'chat:ada')).toBe('none');
    await tutor()?.reply({ identity: 'chat:ada', text: 'start mini', thread: 'chat:room/1' });
    await tutor()?.reply({ identity: 'chat:bo', text: 'hi', thread: 'chat:room/1' });
    await session.restart();
    expect(await tutor()?.threadOwner('chat:room/1', 'chat:ada')).toBe('self');
    expect(await tutor()?.threadOwner('chat:room/1', 'chat:bo')).toBe('other');
    expect(await tutor()?.threadOwner('chat:room/1', 'chat:nobody-yet')).toBe('other');
    expect((await tutor()?.exportData('chat:ada'))?.threads).toEqual(['chat:room/1']);

    await tutor()?.forget('chat:ada');
    // Gone with everything else about them: the thread is free again.
    expect(await tutor()?.threadOwner('chat:room/1', 'chat:bo')).toBe('none');
  });
});
