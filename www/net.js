// The core's HTTP transport in the page (`layerlabHttp`): one request at a time, made
// synchronously from the worker with XMLHttpRequest, so that the core's one distribution
// client (crate/src/registry/network.rs) runs here as it does natively. A request the
// browser refuses (no CORS headers, a refused connection, a blocked port: the page cannot
// tell which) comes back as `{blocked: true}`, which the core words as Docker would not:
// the registry does not allow requests from web pages.

/**
 * Sends `method url` with `headers` ([[name, value], ...]) and `body` (a Uint8Array),
 * and returns {status, reason, headers: [[name, value], ...], body: Uint8Array, url} or
 * {blocked: true}. Bodies larger than `limit` bytes are refused.
 */
export function http(method, url, headers, body, limit) {
  const xhr = new XMLHttpRequest();
  xhr.open(method, url, false);
  xhr.responseType = 'arraybuffer';
  for (const [name, value] of headers) xhr.setRequestHeader(name, value);
  try {
    xhr.send(body && body.length ? body : null);
  } catch {
    return { blocked: true };
  }
  if (xhr.status === 0) return { blocked: true };
  const bytes = new Uint8Array(xhr.response ?? new ArrayBuffer(0));
  if (bytes.length > limit) return { tooLarge: true };
  const pairs = xhr.getAllResponseHeaders().trim().split(/\r?\n/).filter(Boolean).map((line) => {
    const at = line.indexOf(':');
    return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
  });
  return { status: xhr.status, reason: xhr.statusText, headers: pairs, body: bytes, url: xhr.responseURL || url };
}
// A line's exchanges are recorded for the journal, and replayed from it after a reload (so a
// restored session needs no registry, and is rebuilt from what the registry answered then):
// the worker sets a tape with `record(method, url, answer)` while a line runs, or one with
// `play(method, url)` while a journalled line replays.
let tape = null;
export function useTape(t) {
  tape = t;
}

globalThis.layerlabHttp = (method, url, headers, body, limit) => {
  if (tape?.play) return tape.play(method, url);
  const answer = http(method, url, headers, body, limit);
  tape?.record?.(method, url, answer);
  return answer;
};
