// mod_voicemail's part of the scripted ESL scenario: every command
// Switchboard sends about a box (server/pbx/voicemail.ts) and the
// MESSAGE_WAITING events they cause, run once against a real FreeSWITCH (the
// recorder: tests/fixtures/freeswitch/voicemail.json) and on every test run
// against the simulator (tests/integration/pbx/voicemail-conformance.test.ts).
// A message is left with vm_inject (what mod_voicemail's own "forward" uses),
// so the scenario needs no phone.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toneWav } from '../../../freeswitch/simulator/wav.ts';
import { SUBSCRIPTION } from '../../../server/pbx/connection.ts';
import { contentType, EslTap, frameHeader } from './esl-tap.ts';
import type { Recording } from './esl-scenario.ts';

export interface VoicemailScenarioPbx {
  port: number;
  password: string;
  domain: string;
  /** A folder on the file system of the PBX's voicemail storage: a greeting is handed over from there (a rename). */
  stagingDir: string;
}

/** The box the scenario fills (demo seed: Esther Cohen's), and one it never touches. */
export const VOICEMAIL_USERS = { box: '1005', other: '1004', caller: '1006' };

async function authed(pbx: VoicemailScenarioPbx): Promise<EslTap> {
  const tap = await EslTap.open(pbx.port);
  await tap.next((f) => contentType(f) === 'auth/request', 5000, 'auth/request');
  const reply = await tap.command(`auth ${pbx.password}`);
  if (frameHeader(reply, 'Reply-Text') !== '+OK accepted') throw new Error(`auth refused: ${JSON.stringify(reply)}`);
  return tap;
}

export async function voicemailScenario(pbx: VoicemailScenarioPbx): Promise<Recording> {
  const rec: Recording = {};
  const { box, other, caller } = VOICEMAIL_USERS;
  const d = pbx.domain;
  const events = await authed(pbx);
  await events.command('noevents');
  rec['subscribe'] = [await events.command(SUBSCRIPTION)];
  const api = await authed(pbx);
  const run = async (step: string, command: string) => {
    const frame = await api.command(`api ${command}`);
    rec[`api/${step}`] = [frame];
    return frame.body;
  };
  const mwi = (reason: string) => (e: Record<string, string>) =>
    e['Event-Name'] === 'MESSAGE_WAITING' && e['MWI-Message-Account'] === `${box}@${d}` && e['Update-Reason'] === reason;
  const work = mkdtempSync(join(tmpdir(), 'sb-vm-scenario-'));
  try {
    // Clean slate: a box left over from another run would change every count.
    await api.command(`api vm_delete ${box}@${d}`);
    await events.event(mwi('DELETE'), 10_000, 'MESSAGE_WAITING of the cleaned box');

    await run('vm-boxcount-empty', `vm_boxcount default/${box}@${d}|all`);
    await run('vm-boxcount-no-profile', `vm_boxcount nosuch/${box}@${d}|all`);
    await run('vm-fsdb-msg-list-empty', `vm_fsdb_msg_list json default ${d} ${box} inbox not-read`);
    await run('vm-fsdb-msg-count-empty', `vm_fsdb_msg_count json default ${d} ${box} inbox`);

    const wav = join(work, 'left.wav');
    writeFileSync(wav, toneWav(3));
    await run('vm-inject', `vm_inject ${box}@${d} ${wav} ${caller} Conformance`);
    rec['event/message-waiting-new'] = [await events.event(mwi('NEW'), 10_000, 'MESSAGE_WAITING of the new message')];
    await run('vm-boxcount-one-new', `vm_boxcount default/${box}@${d}|all`);
    const list = await run('vm-fsdb-msg-list-not-read', `vm_fsdb_msg_list json default ${d} ${box} inbox not-read`);
    const uuid = (JSON.parse(list) as Record<string, string>)['VM-List-Message-1-UUID'];
    if (!uuid) throw new Error(`no message listed: ${list}`);
    await run('vm-fsdb-msg-list-read', `vm_fsdb_msg_list json default ${d} ${box} inbox read`);
    await run('vm-fsdb-msg-list-bad-order', `vm_fsdb_msg_list json default ${d} ${box} inbox not-read sideways`);
    await run('vm-fsdb-msg-get', `vm_fsdb_msg_get json default ${d} ${box} ${uuid}`);
    await run('vm-fsdb-msg-get-other-box', `vm_fsdb_msg_get json default ${d} ${other} ${uuid}`);
    await run('vm-fsdb-msg-get-unknown', `vm_fsdb_msg_get json default ${d} ${box} ${randomUUID()}`);
    await run('vm-fsdb-msg-get-missing-arguments', `vm_fsdb_msg_get json default ${d} ${box}`);
    await run('vm-fsdb-msg-count-one', `vm_fsdb_msg_count json default ${d} ${box} inbox`);

    // Saved as Switchboard saves: flagged, then read (which fires MESSAGE_WAITING).
    await run('vm-fsdb-msg-save', `vm_fsdb_msg_save default ${d} ${box} ${uuid}`);
    await run('vm-read', `vm_read ${box}@${d} read ${uuid}`);
    rec['event/message-waiting-read'] = [await events.event(mwi('READ'), 10_000, 'MESSAGE_WAITING of the read message')];
    await run('vm-boxcount-saved', `vm_boxcount default/${box}@${d}|all`);
    await run('vm-fsdb-msg-get-saved', `vm_fsdb_msg_get json default ${d} ${box} ${uuid}`);
    await run('vm-fsdb-msg-list-saved', `vm_fsdb_msg_list json default ${d} ${box} inbox read`);
    await run('vm-fsdb-msg-count-saved', `vm_fsdb_msg_count json default ${d} ${box} inbox`);
    await run('vm-read-bad-word', `vm_read ${box}@${d} sideways ${uuid}`);
    await run('vm-fsdb-msg-save-no-profile', `vm_fsdb_msg_save nosuch ${d} ${box} ${uuid}`);

    await run('vm-fsdb-pref-password-set', `vm_fsdb_pref_password_set default ${d} ${box} 2468`);
    await run('vm-prefs-password', `vm_prefs default/${box}@${d}|password`);
    await run('vm-fsdb-pref-greeting-get-none', `vm_fsdb_pref_greeting_get json default ${d} ${box}`);
    await run('vm-fsdb-pref-greeting-set-no-file', `vm_fsdb_pref_greeting_set default ${d} ${box} 1 ${join(work, 'no-such.wav')}`);
    mkdirSync(pbx.stagingDir, { recursive: true });
    const greeting = join(pbx.stagingDir, `greeting-${randomUUID()}.wav`);
    writeFileSync(greeting, toneWav(2));
    await run('vm-fsdb-pref-greeting-set', `vm_fsdb_pref_greeting_set default ${d} ${box} 1 ${greeting}`);
    await run('vm-fsdb-pref-greeting-get', `vm_fsdb_pref_greeting_get json default ${d} ${box}`);

    await run('vm-delete', `vm_delete ${box}@${d} ${uuid}`);
    rec['event/message-waiting-delete'] = [await events.event(mwi('DELETE'), 10_000, 'MESSAGE_WAITING of the deleted message')];
    await run('vm-boxcount-after-delete', `vm_boxcount default/${box}@${d}|all`);
    await run('vm-delete-again', `vm_delete ${box}@${d} ${uuid}`);
    await events.event(mwi('DELETE'), 10_000, 'MESSAGE_WAITING of the second delete');
    await run('vm-fsdb-msg-get-deleted', `vm_fsdb_msg_get json default ${d} ${box} ${uuid}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
    api.close();
    events.close();
  }
  return rec;
}
