// A greeting recorded in the browser made into what the server accepts: a
// WAV file. MediaRecorder gives WebM/Ogg (Opus); the browser decodes it,
// mixes it to mono at 16 kHz (a greeting is speech; the server makes it
// 8 kHz for the phone network anyway) and it is written as 16-bit PCM.

/** The rate greetings recorded here are sent at. */
export const RECORDING_RATE = 16_000;

/** 16-bit PCM mono WAV of `samples` (−1…1) at `rate`. */
export function encodeWav(samples: Float32Array, rate: number): Blob {
  const data = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) data.setUint8(at + i, s.charCodeAt(i));
  };
  text(0, 'RIFF');
  data.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  data.setUint32(16, 16, true);
  data.setUint16(20, 1, true); // PCM
  data.setUint16(22, 1, true); // mono
  data.setUint32(24, rate, true);
  data.setUint32(28, rate * 2, true);
  data.setUint16(32, 2, true);
  data.setUint16(34, 16, true);
  text(36, 'data');
  data.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    data.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  return new Blob([data.buffer], { type: 'audio/wav' });
}

/** Any recording the browser can decode, as a mono 16 kHz WAV. */
export async function recordingToWav(recording: Blob): Promise<Blob> {
  const context = new AudioContext();
  try {
    const decoded = await context.decodeAudioData(await recording.arrayBuffer());
    const length = Math.max(1, Math.ceil(decoded.duration * RECORDING_RATE));
    // Rendering through a one-channel offline context mixes down and resamples in one go.
    const offline = new OfflineAudioContext(1, length, RECORDING_RATE);
    const source = offline.createBufferSource();
    source.buffer = decoded;
    source.connect(offline.destination);
    source.start();
    const rendered = await offline.startRendering();
    return encodeWav(rendered.getChannelData(0), RECORDING_RATE);
  } finally {
    void context.close();
  }
}

/** Whether this browser can record a greeting (a microphone API and MediaRecorder). */
export const canRecord = () => typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
