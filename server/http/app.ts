// The Hono app: REST for forms only (sign-in, admin, …), then the browser app.
import { Hono } from 'hono';
import type { FaxService } from '../fax/service.ts';
import { secureHeaders } from 'hono/secure-headers';
import { accountRoutes } from './account.ts';
import { adminRoutes } from './admin.ts';
import { authRoutes } from './auth.ts';
import { billingRoutes } from './billing.ts';
import type { CdrService } from '../cdr/service.ts';
import { cdrRoutes } from './cdr.ts';
import { freeswitchCallcenterRoutes } from './freeswitch-callcenter.ts';
import { freeswitchCdrRoutes } from './freeswitch-cdr.ts';
import { recordingRoutes } from './recordings.ts';
import { reportRoutes } from './reports.ts';
import type { HttpDeps, SettingsDeps } from './deps.ts';
import { colleagueRoutes } from './colleagues.ts';
import { didRoutes } from './dids.ts';
import { apiNotFound, errorHandler } from './errors.ts';
import { apiBodyLimits } from './body-limits.ts';
import { sameOriginOnly } from './same-origin.ts';
import { secondFactorAccountRoutes } from './second-factor-account.ts';
import { secondFactorSignInRoutes } from './second-factor-sign-in.ts';
import { faxRoutes } from './fax.ts';
import { followMeRoutes } from './follow-me.ts';
import { freeswitchRoutes } from './freeswitch.ts';
import { operatorRoutes } from './operator.ts';
import { voicemailRoutes, type VoicemailDeps } from './voicemail.ts';
import { clientRoutes } from './static.ts';

/** Calls and money: CDR capture over HTTP, the CDR pages, recordings and the billing quota. */
export interface CallDeps {
  service: Pick<CdrService, 'capture'>;
  recordingsDir: string;
  /** The tenant's registered devices right now (live state). */
  devices(tenantId: string): number;
}

export function createApp(deps: HttpDeps & SettingsDeps & { fax?: FaxService; faxMaxUploadBytes?: number; calls?: CallDeps; voicemail?: VoicemailDeps }) {
  const app = new Hono();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        imgSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        // No 'unsafe-inline': the stylesheet is a file, and Solid's style={{…}} sets properties through
        // the CSSOM, which CSP does not govern (only <style> elements and style="" in markup are blocked).
        styleSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.onError(errorHandler(deps.log));
  // Before any route: a cross-site request or an oversized body is refused before it is read.
  app.use('/api/*', sameOriginOnly(deps));
  app.use('/api/*', apiBodyLimits());
  app.route('/', authRoutes(deps));
  app.route('/', secondFactorSignInRoutes(deps));
  app.route('/', secondFactorAccountRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.route('/', operatorRoutes(deps));
  app.route('/', accountRoutes(deps));
  app.route('/', followMeRoutes(deps));
  app.route('/', didRoutes(deps));
  app.route('/', colleagueRoutes(deps));
  // Queue and agent reports from the stored facts (supervisors and admins).
  app.route('/', reportRoutes(deps));
  // mod_xml_curl: FreeSWITCH asks for its directory and dialplan here.
  app.route('/', freeswitchRoutes(deps));
  // mod_xml_curl: callcenter.conf (queues, agents, tiers) from our database.
  app.route('/', freeswitchCallcenterRoutes(deps));
  if (deps.calls) {
    const { calls } = deps;
    // mod_json_cdr: every CDR, also while the ESL link is down.
    app.route('/', freeswitchCdrRoutes({ ...deps, cdr: calls.service }));
    app.route('/', recordingRoutes({ ...deps, recordingsDir: calls.recordingsDir }));
    app.route('/', cdrRoutes(deps));
    app.route('/', billingRoutes({ ...deps, devices: calls.devices }));
  }
  // Voicemail → Messages: the user's boxes in mod_voicemail.
  if (deps.voicemail) app.route('/', voicemailRoutes({ ...deps, voicemail: deps.voicemail }));
  if (deps.fax) app.route('/', faxRoutes({ ...deps, fax: deps.fax, maxUploadBytes: deps.faxMaxUploadBytes ?? 20 * 1024 * 1024 }));
  app.all('/api/*', apiNotFound);
  app.route('/', clientRoutes());
  return app;
}
