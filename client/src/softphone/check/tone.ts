// The speaker test: a 440 Hz tone for 1.5 s, faded in and out (no clicks),
// at a moderate level, through the same default output the calls play to.
export const TONE_SECONDS = 1.5;

export async function playTestTone(): Promise<void> {
  const context = new AudioContext();
  try {
    await context.resume();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = 440;
    const t = context.currentTime;
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(0.3, t + 0.05);
    gain.gain.setValueAtTime(0.3, t + TONE_SECONDS - 0.05);
    gain.gain.linearRampToValueAtTime(0, t + TONE_SECONDS);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(t);
    oscillator.stop(t + TONE_SECONDS);
    await new Promise<void>((resolve) => (oscillator.onended = () => resolve()));
  } finally {
    await context.close().catch(() => undefined);
  }
}
