// mod_dptools' `eavesdrop` as `originate … &eavesdrop(<uuid>)` runs it, and
// mod_commands' `uuid_recv_dtmf`, in FreeSWITCH's words
// (switch_ivr_async.c switch_ivr_eavesdrop_session, mod_commands.c). The
// simulator carries no audio, so it keeps only what can be seen over ESL:
// the eavesdropping leg stays up while its target does, ends when the
// target hangs up (the eavesdrop loop ends and the channel hangs up), or
// ends at once when there is no such target; and the digits (modes) it
// was sent, for tests.
export class SimEavesdrops {
  /** Eavesdropping leg → the leg it eavesdrops on. */
  private readonly targets = new Map<string, string>();
  /** Digits received per leg, in order (what switch_ivr_eavesdrop_session would have read). */
  readonly digits = new Map<string, string>();

  constructor(
    private readonly host: { exists(uuid: string): boolean; hangup(uuid: string, cause: string): void },
  ) {}

  /** The originated leg answered and runs `eavesdrop(target)`. */
  started(uuid: string, target: string): void {
    if (!this.host.exists(target) || target === uuid) {
      // "Eavesdrop target invalid" / no session: the application returns and the call ends.
      this.host.hangup(uuid, 'NORMAL_CLEARING');
      return;
    }
    this.targets.set(uuid, target);
  }

  /** A leg hung up: eavesdroppers on it end too. */
  hungUp(uuid: string): void {
    this.targets.delete(uuid);
    this.digits.delete(uuid);
    for (const [spy, target] of [...this.targets]) {
      if (target === uuid) {
        this.targets.delete(spy);
        this.host.hangup(spy, 'NORMAL_CLEARING');
      }
    }
  }

  /** Who eavesdrops on what, for tests. */
  target(uuid: string): string | undefined {
    return this.targets.get(uuid);
  }

  /** `uuid_recv_dtmf <uuid> <dtmf_data>`, answered as mod_commands answers it. */
  recvDtmf(args: string[]): string {
    const [uuid, data] = args;
    if (!uuid || !data) return '-USAGE: <uuid> <dtmf_data>\n';
    if (!this.host.exists(uuid)) return '-ERR Cannot locate session!\n';
    if (this.targets.has(uuid)) this.digits.set(uuid, (this.digits.get(uuid) ?? '') + data);
    return `+OK ${uuid} received DTMF ${data}.\n`;
  }
}
