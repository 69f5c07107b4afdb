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
  /** The packs the page that opened (or last reopened) the session offers; every pack when absent. */
  offers?: readonly string[];
}

const TURNS_KEPT = 50;

/** Expired sessions looked at per new session: sweeping a few each time keeps memory flat at no pause. */
const SWEEP_PER_CREATE = 8;

export function createSessions(ttlMs: number, maxSessions = 100_000) {
  const sessions = new Map<string, Session>();
  /** The live session of each learner on each site: a reload, a second tab, reuses it. */
  const byLearner = new Map<string, string>();
  const learnerKey = (identity: string, site: string) => `${site}\u0000${identity}`;
  const remove = (session: Session) => {
    sessions.delete(session.id);
    if (byLearner.get(learnerKey(session.identity, session.site)) === session.id) byLearner.delete(learnerKey(session.identity, session.site));
  };
  const sweep = (now: number) => {
    let looked = 0;
    for (const session of sessions.values()) {
      if (looked++ >= SWEEP_PER_CREATE) break;
      if (session.expires <= now) remove(session);
    }
  };
  return {
    /** The learner's live session on the site, its time renewed, or a new one. */
    create(identity: string, site: string, now: number, offers?: readonly string[]): Session {
      sweep(now);
      const live = sessions.get(byLearner.get(learnerKey(identity, site)) ?? '');
      if (live && live.expires > now) {
        live.expires = now + ttlMs;
        // The learner moved to another page of the site: its topics from now on.
        if (offers) live.offers = offers;
        else delete live.offers;
        // Most recently used last, so that the sweep and the size bound reach idle sessions first.
        sessions.delete(live.id);
        sessions.set(live.id, live);
        return live;
      }
      const session: Session = { id: randomBytes(16).toString('base64url'), identity, site, expires: now + ttlMs, turns: new Map(), ...(offers ? { offers } : {}) };
      sessions.set(session.id, session);
      byLearner.set(learnerKey(identity, site), session.id);
      if (sessions.size > maxSessions) {
        const oldest = sessions.values().next().value;
        if (oldest) remove(oldest);
      }
      return session;
    },
    /** The learner's live session on the site, if there is one, left as it is. */
    find(identity: string, site: string, now: number): Session | undefined {
      const live = sessions.get(byLearner.get(learnerKey(identity, site)) ?? '');
      return live && live.expires > now ? live : undefined;
    },
    /** Sessions held in memory (for tests and metrics). */
    size(): number {
      return sessions.size;
    },
    get(id: string, now: number): Session | undefined {
      const session = sessions.get(id);
      if (!session) return undefined;
      if (session.expires <= now) {
        remove(session);
        return undefined;
      }
      return session;
    },
    /** Ends every session of a learner (after "forget me"). */
    endAll(identity: string): void {
      for (const s of [...sessions.values()]) if (s.identity === identity) remove(s);
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
