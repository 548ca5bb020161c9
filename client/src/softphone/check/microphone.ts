// Opening the microphone for the check page, and why it failed in words.
import { MICROPHONE_REFUSED } from '../causes.ts';

export function microphoneError(err: unknown): string {
  const name = err instanceof DOMException ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return MICROPHONE_REFUSED;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Plug one in (or pick one in the system settings), then try again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone is in use by another program or could not be started. Close the other program, then try again.';
    default:
      return 'The microphone could not be opened in this browser.';
  }
}

/** The same constraints the softphone's calls use (sip.ts): the default audio input. */
export const openMicrophone = () => navigator.mediaDevices.getUserMedia({ audio: true, video: false });
