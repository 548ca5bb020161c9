// The connected call's quality: samples its peer connection while shown.
import type { JSX } from 'solid-js';
import type { Call } from '../machine.ts';
import { callConnection } from '../phone.ts';
import { createCallQuality } from './monitor.ts';
import { QualityPanel } from './QualityPanel.tsx';

export function CallQuality(props: { call: Call }): JSX.Element {
  const quality = createCallQuality(callConnection, () => props.call.status === 'connected', () => props.call.muted);
  return <QualityPanel quality={quality()} />;
}
