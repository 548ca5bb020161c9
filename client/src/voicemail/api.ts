// Voicemail → Messages over REST (server/http/voicemail.ts), through the
// app's one REST client, so a component test can answer these with msw.
import type { VoicemailBoxes, VoicemailMessage } from '../../../common/voicemail.ts';
import { GREETING_CONTENT_TYPE } from '../../../common/voicemail.ts';
import { getJson, postJson, request, sendFile } from '../api.ts';

const box = (extension: string) => `/api/voicemail/${encodeURIComponent(extension)}`;
const message = (extension: string, uuid: string) => `${box(extension)}/messages/${encodeURIComponent(uuid)}`;

export const loadBoxes = () => getJson<VoicemailBoxes>('/api/voicemail');

export const saveMessage = (extension: string, uuid: string) =>
  postJson<{ message: VoicemailMessage }>(`${message(extension, uuid)}/save`).then((r) => r.message);

export const deleteMessage = (extension: string, uuid: string) => request<void>('DELETE', message(extension, uuid));

export const setPin = (extension: string, pin: string) => request<void>('PUT', `${box(extension)}/pin`, { pin });

/** The greeting as a WAV file (chosen, or recorded here and made into one). */
export const uploadGreeting = (extension: string, wav: Blob) => sendFile<void>('POST', `${box(extension)}/greeting`, wav, GREETING_CONTENT_TYPE);
