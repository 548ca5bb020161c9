// The ring of an incoming call, synthesised (no audio file to fetch): the
// classic two-tone 0.4 s on, 0.2 s off, 0.4 s on, 2 s off.
export interface Ringer {
  set(ringing: boolean): void;
}

export function createRinger(): Ringer {
  let context: AudioContext | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;

  const burst = (ctx: AudioContext, at: number) => {
    const gain = ctx.createGain();
    gain.gain.value = 0.12;
    gain.connect(ctx.destination);
    for (const frequency of [440, 480]) {
      const osc = ctx.createOscillator();
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start(at);
      osc.stop(at + 0.4);
    }
  };
  const cycle = (ctx: AudioContext) => {
    burst(ctx, ctx.currentTime);
    burst(ctx, ctx.currentTime + 0.6);
  };

  return {
    set(ringing) {
      if (ringing === (timer !== undefined)) return;
      if (!ringing) {
        clearInterval(timer);
        timer = undefined;
        return;
      }
      context ??= new AudioContext();
      const ctx = context;
      // Browsers may keep audio suspended until a gesture; the ring is best effort, the banner is not.
      void ctx.resume().catch(() => undefined);
      cycle(ctx);
      timer = setInterval(() => cycle(ctx), 3000);
    },
  };
}
