// Bytes exactly as mod_event_socket writes them. Frames are built by string
// concatenation and written once, because a benchmark pushes thousands of
// events per second through here.

/** SWITCH_URL_UNSAFE from switch_utils.h, plus everything outside ' '..'~'. */
const UNSAFE = /[\x00-\x1f\x7f-\uffff #%&+:;<=>?@[\\\]^`{|}"]/;
const HEX = '0123456789ABCDEF';

/** switch_url_encode: FreeSWITCH leaves `/ , ' ( ) ! * ~` alone, unlike encodeURIComponent. */
export function urlEncode(value: string): string {
  if (!UNSAFE.test(value)) return value;
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code > 0x7e) out += encodeURIComponent(ch);
    else if (code < 0x20 || UNSAFE.test(ch)) out += '%' + HEX[code >> 4] + HEX[code & 15];
    else out += ch;
  }
  return out;
}

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

export const commandReply = (replyText: string, extra = '') =>
  'Content-Type: command/reply\nReply-Text: ' + replyText + '\n' + extra + '\n';

export const apiResponse = (body: string) =>
  'Content-Type: api/response\nContent-Length: ' + byteLength(body) + '\n\n' + body;

export const AUTH_REQUEST = 'Content-Type: auth/request\n\n';

const GOODBYE = 'Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n';
export const DISCONNECT_NOTICE =
  'Content-Type: text/disconnect-notice\nContent-Length: ' + byteLength(GOODBYE) + '\n\n' + GOODBYE;

/** Headers as a flat [name, value, name, value, …] list: repeats allowed, order kept. */
export type HeaderList = string[];

/** switch_event_serialize: encoded headers, then a body behind its own Content-Length. */
export function plainFrame(headers: HeaderList, body: string | undefined): string {
  let text = '';
  for (let i = 0; i < headers.length; i += 2) text += headers[i] + ': ' + urlEncode(headers[i + 1]!) + '\n';
  if (body) text += 'Content-Length: ' + byteLength(body) + '\n\n' + body;
  else text += '\n';
  return 'Content-Length: ' + byteLength(text) + '\nContent-Type: text/event-plain\n\n' + text;
}

/** switch_event_serialize_json: plain values, the body under `_body`. */
export function jsonFrame(headers: HeaderList, body: string | undefined): string {
  let text = '{';
  for (let i = 0; i < headers.length; i += 2) {
    text += (i ? ',' : '') + JSON.stringify(headers[i]) + ':' + JSON.stringify(headers[i + 1]);
  }
  if (body) text += ',"Content-Length":"' + byteLength(body) + '","_body":' + JSON.stringify(body);
  text += '}';
  return 'Content-Length: ' + byteLength(text) + '\nContent-Type: text/event-json\n\n' + text;
}

const xmlEscape = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** switch_event_xmlize: values url-encoded inside elements, as modesl's parser expects. */
export function xmlFrame(headers: HeaderList, body: string | undefined): string {
  let text = '<event>\n  <headers>\n';
  for (let i = 0; i < headers.length; i += 2) {
    text += '    <' + headers[i] + '>' + xmlEscape(urlEncode(headers[i + 1]!)) + '</' + headers[i] + '>\n';
  }
  text += '  </headers>\n';
  if (body) text += '  <Content-Length>' + byteLength(body) + '</Content-Length>\n  <body>' + xmlEscape(body) + '</body>\n';
  text += '</event>';
  return 'Content-Length: ' + byteLength(text) + '\nContent-Type: text/event-xml\n\n' + text;
}
