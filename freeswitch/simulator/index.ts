// The PBX simulator's public face, for tests, the demo and server/main.ts.
export { PbxSimulator } from './simulator.ts';
export type { PbxSimulatorOptions, RegisterOptions, StartCallOptions } from './simulator.ts';
export { startDemo, type Demo, type DemoOptions, type DemoTenant } from './demo.ts';
export type { SimChannel, SimRegistration } from './truth.ts';
export { realMicros } from './event.ts';
export type { FaxOutcome, ReceiveFaxOptions } from './fax.ts';
export type { LeaveMessageOptions, SimVoicemailMessage } from './voicemail.ts';
