// Each licence SKU a user configuration assigns must be one the tenant subscribes to, named by its
// skuId or its skuPartNumber (any letter case): SDS cannot license users with a SKU the tenant
// does not have. The tenant's SKUs come from GET /subscribedSkus, which needs a directory
// permission SDS itself does not: a token refused that read has the check skipped, not failed.
import { isRecord } from '../../body/is-record.js';
import type { DoctorCheck } from './model.js';
import { configurationsOf, describeFlow, userFlowsOf, type DoctorFlow } from './flows-of.js';
import { holdsAny, type GrantedPermissions } from '../../auth/preflight.js';
import { grantHint } from './permissions.js';
import { failedRead, isForbidden, statusOf, type ReadOutcome } from './read-outcome.js';

const TITLE = 'licence SKUs';

/** On the Graph URL's host and version (beta serves it as v1.0 does). */
export const SUBSCRIBED_SKUS_PATH = '/subscribedSkus';

/** The least permission that reads subscribedSkus, and the others that do too. */
const SKU_READ = 'Organization.Read.All';
const SKU_READERS = [SKU_READ, 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'LicenseAssignment.Read.All'];

export interface SubscribedSku {
  skuId?: string;
  skuPartNumber?: string;
}

export function subscribedSkusOf(items: readonly Record<string, unknown>[]): SubscribedSku[] {
  return items.filter(isRecord).map((item) => ({
    ...(typeof item.skuId === 'string' ? { skuId: item.skuId } : {}),
    ...(typeof item.skuPartNumber === 'string' ? { skuPartNumber: item.skuPartNumber } : {}),
  }));
}

export interface LicenceUse {
  flow: DoctorFlow;
  sku: string;
}

/** Every licence SKU the user flows' configurations assign, once per flow. */
export function licenceUsesOf(flows: readonly DoctorFlow[]): LicenceUse[] {
  return userFlowsOf(flows).flatMap((flow) => {
    const skus = configurationsOf(flow).flatMap((configuration) => (Array.isArray(configuration.licenseSkus) ? configuration.licenseSkus : []));
    return [...new Set(skus.filter((sku): sku is string => typeof sku === 'string' && sku !== ''))].map((sku) => ({ flow, sku }));
  });
}

/** A refusal (a 4xx that is not throttling or a timeout): the service answered, and said no. */
const isRefusal = (error: unknown): boolean => {
  const status = statusOf(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
};

/**
 * Skipped (a warning) when the token may not read subscribedSkus: a 403, or a refusal while its
 * claims lack every permission that reads it. Claims alone never skip: a read that works is used.
 */
function skipped(error: unknown, permissions: GrantedPermissions | undefined): DoctorCheck | undefined {
  const lacksReader = permissions !== undefined && holdsAny(permissions, SKU_READERS) === undefined;
  if (!isForbidden(error) && !(isRefusal(error) && lacksReader)) return undefined;
  return {
    id: 'flow.licence-skus',
    status: 'warn',
    title: TITLE,
    reason: `skipped: the token may not read subscribedSkus (${SKU_READ})`,
    fix: permissions
      ? grantHint(SKU_READ, permissions.kind, permissions.granted)
      : `the account or app needs ${SKU_READ} (or Directory.Read.All) with admin consent to have licence SKUs checked`,
  };
}

const MAX_LISTED = 10;

function listSkus(skus: readonly SubscribedSku[]): string {
  if (skus.length === 0) return 'none';
  const names = skus.map((sku) => (sku.skuPartNumber && sku.skuId ? `${sku.skuPartNumber} (${sku.skuId})` : (sku.skuPartNumber ?? sku.skuId ?? '?')));
  return names.length > MAX_LISTED ? `${names.slice(0, MAX_LISTED).join(', ')}, … ${names.length - MAX_LISTED} more` : names.join(', ');
}

/**
 * A failure per licence SKU a flow assigns that the tenant does not subscribe to; one `ok` when
 * all match. `subscribed` is the read of the tenant's SKUs (undefined: not read, as no flow
 * assigns one); `permissions` what the token says it may do (undefined: it does not say).
 */
export function licenceSkuChecks(uses: readonly LicenceUse[], subscribed: ReadOutcome<SubscribedSku[]> | undefined, permissions: GrantedPermissions | undefined): DoctorCheck[] {
  if (uses.length === 0) return [{ id: 'flow.licence-skus', status: 'ok', title: TITLE, reason: 'no user configuration assigns a licence SKU: nothing to check' }];
  if (subscribed === undefined) throw new Error('licenceSkuChecks: SKUs to check, but subscribedSkus was not read');
  if (!subscribed.ok) return [skipped(subscribed.error, permissions) ?? failedRead('flow.licence-skus', TITLE, 'subscribedSkus', subscribed.error)];
  const known = new Set(
    subscribed.value
      .flatMap((sku) => [sku.skuId, sku.skuPartNumber])
      .filter((name): name is string => name !== undefined)
      .map((name) => name.toLowerCase()),
  );
  const problems = uses
    .filter((use) => !known.has(use.sku.toLowerCase()))
    .map(
      (use): DoctorCheck => ({
        id: 'flow.licence-skus',
        status: 'fail',
        title: TITLE,
        subject: describeFlow(use.flow),
        reason: `licence SKU "${use.sku}" is not one the tenant subscribes to, by skuId or skuPartNumber (it has: ${listSkus(subscribed.value)})`,
        fix: `name a subscribed SKU in licenseSkus (\`edu-flow update --set-id ${use.flow.setId} --flow-id ${use.flow.id} -f …\`), or subscribe the tenant to it`,
      }),
    );
  if (problems.length > 0) return problems;
  const skus = [...new Set(uses.map((use) => use.sku))];
  return [{ id: 'flow.licence-skus', status: 'ok', title: TITLE, reason: `every licence SKU is one the tenant subscribes to (${skus.join(', ')})` }];
}
