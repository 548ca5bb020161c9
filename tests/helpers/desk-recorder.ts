// What the page's scripts do for the desk, recorded for a browser test (an
// init script, in plain JavaScript): every Notification made and whether it
// was closed, every permission request, every line added to the live
// regions, the ring's oscillators on the audio clock; and a way to send the
// tab to the background as the browser reports it (document.visibilityState
// and its event). Nothing of the app is replaced: each wrapper calls the real thing.
export const DESK_RECORDER = `(() => {
  const Native = window.Notification;
  const made = [];
  const instances = [];
  let requests = 0;
  window.Notification = class extends Native {
    constructor(title, options = {}) {
      super(title, options);
      const record = { title, body: options.body ?? '', closed: false };
      made.push(record);
      instances.push(this);
      const close = this.close.bind(this);
      this.close = () => { record.closed = true; close(); };
    }
    static get permission() { return Native.permission; }
    static requestPermission(callback) { requests++; return Native.requestPermission(callback); }
  };
  window.__notifications = made;
  // What a click on a notification delivers to the page.
  window.__clickNotification = (i) => instances[i].dispatchEvent(new Event('click'));
  Object.defineProperty(window, '__permissionRequests', { get: () => requests });

  let hidden = false;
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  window.__setHidden = (value) => { hidden = value; document.dispatchEvent(new Event('visibilitychange')); };

  const said = [];
  window.__said = said;
  new MutationObserver((records) => {
    for (const r of records) {
      const region = r.target.closest && r.target.closest('[data-testid^="announce-"]');
      if (!region) continue;
      for (const node of r.addedNodes) said.push({ text: node.textContent ?? '', region: region.getAttribute('data-testid') });
    }
  }).observe(document, { childList: true, subtree: true });

  const NativeAudio = window.AudioContext;
  const contexts = [];
  const starts = [];
  window.AudioContext = class extends NativeAudio {
    constructor(options) { super(options); contexts.push(this); }
  };
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (when) { starts.push({ when: when ?? 0, context: this.context }); return start.call(this, when); };
  window.__audio = { contexts, starts };
})();`;
