// Voicemail → Messages: the REST shapes of a user's own boxes, as
// mod_voicemail keeps them (Switchboard stores no copy), and the PIN form.
import { z } from 'zod';
import { voicemailPin } from './admin.ts';

/** new: not yet listened to (the message-waiting light); saved: listened to or kept. */
export type VoicemailFolder = 'new' | 'saved';

export interface VoicemailMessage {
  /** mod_voicemail's uuid of the message. */
  uuid: string;
  folder: VoicemailFolder;
  callerIdName: string;
  callerIdNumber: string;
  /** ISO 8601: when it was left. */
  receivedAt: string;
  /** Length in whole seconds, as mod_voicemail measured it. */
  seconds: number;
  /** The caller marked it urgent. */
  urgent: boolean;
}

/** One of the user's extensions' boxes. */
export interface VoicemailBox {
  extension: string;
  /** Unanswered calls go to this box (an administrator's setting). */
  enabled: boolean;
  /** A PIN is set: callers from elsewhere can reach the box with it. */
  hasPin: boolean;
  /** A greeting of the owner's plays to callers (otherwise mod_voicemail's own). */
  hasGreeting: boolean;
  /** Newest first. */
  messages: VoicemailMessage[];
}

export interface VoicemailBoxes {
  boxes: VoicemailBox[];
}

export const voicemailPinRequest = z.object({ pin: voicemailPin });
export type VoicemailPinRequest = z.input<typeof voicemailPinRequest>;

/** The body of POST /api/voicemail/<extension>/greeting: the WAV itself. */
export const GREETING_CONTENT_TYPE = 'audio/wav';

/** Where a message's audio is (the player's src; `?download=1` saves it as a file). */
export const messageAudioUrl = (extension: string, uuid: string) =>
  `/api/voicemail/${encodeURIComponent(extension)}/messages/${encodeURIComponent(uuid)}/audio`;

export const greetingAudioUrl = (extension: string) => `/api/voicemail/${encodeURIComponent(extension)}/greeting`;
