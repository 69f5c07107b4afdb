// Web sessions: an unguessable id bound to one learner identity, and the turns sent in it, so that a turn
// sent again after a dropped connection is answered from memory instead of being run twice.
import { randomBytes } from 'node:crypto';
import type { TutorEvent } from '../../src/index.ts';

/** A turn that failed in a way the client should know: `retryable` ones were not applied and may be sent again. */
export interface TurnFailure {
  type: 'error';
  code: string;
  message: string;
  retryable: boolean;
}

export interface TurnRecord {
  events: Array<TutorEvent | TurnFailure>;
  done: boolean;
  /** Wakes streams waiting for more events of a turn still running. */
  listeners: Set<() => void>;
}

export interface Session {
  id: string;
  identity: string;
  site: string;
  expires: number;
  turns: Map<string, TurnRecord>;
}

const TURNS_KEPT = 50;

export function createSessions(ttlMs: number, maxSessions = 100_000) {
  const sessions = new Map<string, Session>();
  return {
    create(identity: string, site: string, now: number): Session {
      const session: Session = { id: randomBytes(16).toString('base64url'), identity, site, expires: now + ttlMs, turns: new Map() };
      sessions.set(session.id, session);
      if (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value as string);
      return session;
    },
    get(id: string, now: number): Session | undefined {
      const session = sessions.get(id);
      if (!session) return undefined;
      if (session.expires <= now) {
        sessions.delete(id);
        return undefined;
      }
      return session;
    },
    /** Ends every session of a learner (after "forget me"). */
    endAll(identity: string): void {
      for (const [id, s] of sessions) if (s.identity === identity) sessions.delete(id);
    },
    /** Forgets a turn that was not applied, so that the same client turn id sent again runs it afresh. */
    drop(session: Session, clientTurnId: string, record: TurnRecord): void {
      if (session.turns.get(clientTurnId) === record) session.turns.delete(clientTurnId);
    },
    remember(session: Session, clientTurnId: string, record: TurnRecord): void {
      session.turns.set(clientTurnId, record);
      if (session.turns.size > TURNS_KEPT) session.turns.delete(session.turns.keys().next().value as string);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
