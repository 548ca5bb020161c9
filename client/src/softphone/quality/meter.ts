// A live microphone level from a track: Web Audio's AnalyserNode, read about
// ten times a second (enough for a person's eye, cheap on the CPU) and only
// while something shows it. The track is not stopped here: it belongs to the
// call (or to the check page, which stops its own).
import { meterFraction, rms } from './level.ts';

export interface LevelMeter {
  stop(): void;
}

const READ_MS = 100;

export function meterTrack(track: MediaStreamTrack, onLevel: (fraction: number) => void): LevelMeter {
  const context = new AudioContext();
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 2048;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  // Chromium may start a context suspended until a gesture; a meter opened by a click resumes it.
  void context.resume().catch(() => undefined);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    onLevel(meterFraction(rms(samples)));
  }, READ_MS);
  return {
    stop() {
      clearInterval(timer);
      source.disconnect();
      void context.close().catch(() => undefined);
    },
  };
}
