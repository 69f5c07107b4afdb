// A channel running inside `ponder start`, beside the others in one process over one database.
export interface LiveChannel {
  /** What people know it as ("Slack", "Discord"). */
  name: string;
  /** Where it listens or how it connects ("Socket Mode", a URL). */
  where: string;
  close(): Promise<void>;
}
