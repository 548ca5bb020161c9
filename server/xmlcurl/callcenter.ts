// callcenter.conf as mod_xml_curl serves it: every queue of every tenant
// (`<queue>@<domain>`), the agents and their tiers, from our database. Pure.
//
// mod_callcenter reads it when it loads (FreeSWITCH start: queues, agents and
// tiers) and on `callcenter_config queue load|reload <q>` (that queue, and
// again every agent and tier listed). Agents carry no status: mod_callcenter
// keeps the agents' status in its own database, and a new agent starts
// Logged Out. The ESL provisioning (server/pbx/callcenter-provision.ts)
// removes what this document no longer lists.
import { agentSettings, QUEUE_PARAMS, agentContact, type CallCenterPlan } from '../pbx/callcenter-provision.ts';
import { attr, document, pairs } from './xml.ts';

/** mod_callcenter reads agent settings from attributes spelled with dashes. */
const dashed = (key: string) => key.replace(/_/g, '-');

export function callcenterConfDocument(plan: CallCenterPlan): string {
  const queues = plan.queues.map((q) =>
    [
      `        <queue name="${attr(q.name)}">`,
      pairs('param', [['strategy', q.strategy], ['max-wait-time', String(q.maxWaitTime)], ...Object.entries(QUEUE_PARAMS)], '          '),
      '        </queue>',
    ].join('\n'),
  );
  const agents = plan.agents.map((a) => {
    const settings = Object.entries(agentSettings(a.wrapUpTime))
      .map(([k, v]) => ` ${dashed(k)}="${attr(v)}"`)
      .join('');
    return `        <agent name="${attr(a.name)}" contact="${attr(agentContact(a.name))}"${settings}/>`;
  });
  const tiers = plan.tiers.map(
    (t) => `        <tier queue="${attr(t.queue)}" agent="${attr(t.agent)}" level="${t.level}" position="${t.position}"/>`,
  );
  return document(
    'configuration',
    [
      '    <configuration name="callcenter.conf" description="CallCenter">',
      '      <settings/>',
      '      <queues>',
      ...queues,
      '      </queues>',
      '      <agents>',
      ...agents,
      '      </agents>',
      '      <tiers>',
      ...tiers,
      '      </tiers>',
      '    </configuration>',
    ].join('\n'),
  );
}
