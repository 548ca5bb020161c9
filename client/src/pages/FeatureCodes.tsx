// The star codes that work on the user's extension: the same table the
// served dialplan is generated from (common/feature-codes.ts).
import { For, type JSX } from 'solid-js';
import { FEATURE_CODES } from '../../../common/feature-codes.ts';
import { PageHeading } from '../shell/PageHeading.tsx';
import { TableCard } from '../shell/TableCard.tsx';

export default function FeatureCodes(): JSX.Element {
  return (
    <div class="page">
      <PageHeading title="Feature Codes">
        <p class="page-lede">Dial these from any phone or softphone registered on your extension.</p>
      </PageHeading>
      <TableCard
        testId="feature-codes"
        caption="Feature codes"
        head={
          <>
            <th scope="col">Code</th>
            <th scope="col">Feature</th>
            <th scope="col">What it does</th>
          </>
        }
      >
        <For each={FEATURE_CODES}>
          {(f) => (
            <tr>
              <td class="mono code-cell">{f.code}</td>
              <td>{f.name}</td>
              <td>{f.description}</td>
            </tr>
          )}
        </For>
      </TableCard>
    </div>
  );
}
