// The FreeSWITCH configuration we ship: every file well-formed XML (parsed
// with a real parser), and pointing at what the server really serves.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { byName, list, parseXml } from '../../helpers/xml.ts';
import { CONFERENCE_PROFILE } from '../../../server/xmlcurl/three-way.ts';

const CONF = new URL('../../../freeswitch/conf/', import.meta.url).pathname;

const xmlFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? xmlFiles(path) : name.endsWith('.xml') ? [path] : [];
  });

const read = (path: string) => parseXml(readFileSync(join(CONF, path), 'utf8'));

test('every configuration file is well-formed XML', () => {
  const files = xmlFiles(CONF);
  assert.ok(files.length >= 9, `found ${files.map((f) => relative(CONF, f)).join(', ')}`);
  for (const file of files) parseXml(readFileSync(file, 'utf8'));
});

test('no comment holds a double hyphen (FreeSWITCH refuses the whole configuration: "unclosed <!--")', () => {
  for (const file of xmlFiles(CONF)) {
    for (const [, body] of readFileSync(file, 'utf8').matchAll(/<!--([\s\S]*?)-->/g)) {
      assert.not.ok((body ?? '').includes('--'), `${relative(CONF, file)}: a comment contains "--": ${(body ?? '').trim().slice(0, 80)}`);
    }
  }
});

test('mod_xml_curl asks the server\'s directory and dialplan routes, with the shared secret', () => {
  const bindings = list(read('autoload_configs/xml_curl.conf.xml').configuration.bindings.binding);
  const urls = Object.fromEntries(bindings.map((b: any) => [b['@name'], byName(b.param)]));
  assert.is(urls.directory['gateway-url'], '$${switchboard_url}/freeswitch/directory');
  assert.is(urls.dialplan['gateway-url'], '$${switchboard_url}/freeswitch/dialplan');
  assert.is(urls.directory['gateway-credentials'], 'switchboard:$${switchboard_secret}');
});

test('the event socket takes its password from the environment and an ACL', () => {
  const settings = byName(read('autoload_configs/event_socket.conf.xml').configuration.settings.param);
  assert.is(settings.password, '$${esl_password}');
  assert.is(settings['apply-inbound-acl'], 'switchboard');
  const acl = list(read('autoload_configs/acl.conf.xml').configuration['network-lists'].list);
  assert.ok(acl.some((l: any) => l['@name'] === 'switchboard' && l['@default'] === 'deny'));
  const vars = readFileSync(join(CONF, 'vars.xml'), 'utf8');
  assert.match(vars, /cmd="env-set" data="esl_password=\$ESL_PASSWORD"/);
});

test('the internal profile serves browsers over WebSocket', () => {
  const settings = byName(read('sip_profiles/internal.xml').profile.settings.param);
  assert.is(settings['wss-binding'], '$${local_ip_v4}:$${internal_wss_port}');
  assert.is(settings['ws-binding'], '$${local_ip_v4}:$${internal_ws_port}');
  assert.is(settings['auth-calls'], 'true');
  // A desk phone and the browser stay registered together.
  assert.is(settings['multiple-registrations'], 'contact');
  // ...and in the core table too, which show registrations (Switchboard's resync) reads.
  assert.is(byName(read('autoload_configs/switch.conf.xml').configuration.settings.param)['multiple-registrations'], 'true');
  // The late margin comes from vars.xml, where Switchboard reads it back (global_getvar sip_expires_late_margin).
  assert.is(settings['sip-expires-late-margin'], '$${sip_expires_late_margin}');
});

test('the modules Switchboard relies on are loaded', () => {
  const modules = list(read('autoload_configs/modules.conf.xml').configuration.modules.load).map((m: any) => m['@module']);
  for (const m of ['mod_xml_curl', 'mod_event_socket', 'mod_sofia', 'mod_callcenter', 'mod_spandsp', 'mod_voicemail', 'mod_dialplan_xml', 'mod_conference']) {
    assert.ok(modules.includes(m), m);
  }
});

test('three-way rooms have the conference profile the served dialplan names', () => {
  const profiles = list(read('autoload_configs/conference.conf.xml').configuration.profiles.profile).map((p: any) => p['@name']);
  assert.ok(profiles.includes(CONFERENCE_PROFILE), CONFERENCE_PROFILE);
});

test('mod_voicemail finds every phrase it plays (without one it hangs up before the beep)', () => {
  assert.match(readFileSync(join(CONF, 'freeswitch.xml'), 'utf8'), /<section name="languages"[^>]*>\s*<X-PRE-PROCESS cmd="include" data="lang\/\*\.xml"\/>/);
  const en = read('lang/en.xml').include.language;
  assert.is(en['@name'], 'en');
  const macros = list(en.phrases.macros.macro).map((m: any) => m['@name']);
  // The VM_*_MACRO names of mod_voicemail.c in FreeSWITCH 1.10.12.
  const asked = ['invalid_extension', 'forward_message_enter_extension', 'ack', 'say_date', 'play_greeting', 'say_message_number',
    'say_number', 'say_phone_number', 'say_name', 'forward_prepend', 'record_message', 'choose_greeting', 'choose_greeting_fail',
    'greeting_selected', 'record_greeting', 'record_name', 'listen_file_check', 'record_file_check', 'record_urgent_check', 'menu',
    'config_menu', 'enter_id', 'enter_pass', 'fail_auth', 'change_pass_success', 'change_pass_fail', 'abort', 'hello', 'goodbye',
    'message_count', 'disk_quota_exceeded'];
  for (const name of asked) assert.ok(macros.includes(`voicemail_${name}`), `voicemail_${name}`);
});

test.run();
