// JSON REST calls against a running test server, as a signed-in browser makes them.
export function restClient(baseUrl: string) {
  return async function call(method: string, path: string, cookie: string | undefined, body?: unknown) {
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
  };
}

/** POSTs form fields the way mod_xml_curl does. */
export async function xmlCurl(url: string, fields: Record<string, string>, credentials?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (credentials) headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(fields) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}
