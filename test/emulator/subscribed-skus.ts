// The licences a tenant holds, as GET /subscribedSkus lists them (microsoft.graph.subscribedSku
// of the beta CSDL: id, accountId, accountName, appliesTo, capabilityStatus, consumedUnits,
// prepaidUnits, servicePlans, skuId, skuPartNumber, subscriptionIds). By default a tenant holds
// `Sku1` (the licence the seeded staff configuration assigns) and an A3 student SKU, but not
// `Sku2` (the seeded students' licence), so a check can find a SKU the tenant lacks.
import { stableUuid } from './entra-tokens.js';
import { DEFAULT_TENANT_ID } from './tenant-ids.js';

/** microsoft.graph.licenseUnitsDetail */
export interface LicenseUnitsDetail {
  enabled: number;
  lockedOut: number;
  suspended: number;
  warning: number;
}

/** microsoft.graph.servicePlanInfo */
export interface ServicePlanInfo {
  servicePlanId: string;
  servicePlanName: string;
  provisioningStatus: string;
  appliesTo: string;
}

/** microsoft.graph.subscribedSku, as the list answers it. */
export interface SubscribedSku {
  id: string;
  accountId: string;
  accountName: string;
  appliesTo: string;
  capabilityStatus: string;
  consumedUnits: number;
  prepaidUnits: LicenseUnitsDetail;
  servicePlans: ServicePlanInfo[];
  skuId: string;
  skuPartNumber: string;
  subscriptionIds: string[];
}

/** One SKU held by `tenantId`; its skuId is the product's (the same in every tenant), its id `${tenantId}_${skuId}` as Graph forms it. */
export function subscribedSku(tenantId: string, skuPartNumber: string, units: { enabled: number; consumed: number }, planNames: string[]): SubscribedSku {
  const skuId = stableUuid(`sku:${skuPartNumber}`);
  return {
    id: `${tenantId}_${skuId}`,
    accountId: tenantId,
    accountName: tenantId === DEFAULT_TENANT_ID ? 'Contoso Schools' : `School tenant ${tenantId.slice(0, 8)}`,
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: units.consumed,
    prepaidUnits: { enabled: units.enabled, lockedOut: 0, suspended: 0, warning: 0 },
    servicePlans: planNames.map((servicePlanName) => ({
      servicePlanId: stableUuid(`servicePlan:${servicePlanName}`),
      servicePlanName,
      provisioningStatus: 'Success',
      appliesTo: 'User',
    })),
    skuId,
    skuPartNumber,
    subscriptionIds: [stableUuid(`${tenantId}:subscription:${skuPartNumber}`)],
  };
}

/** A fresh store's SKUs: `Sku1` and `M365EDU_A3_STUUSEBNFT`, never `Sku2`. Fresh objects on every call. */
export function defaultSubscribedSkus(tenantId: string): SubscribedSku[] {
  return [
    subscribedSku(tenantId, 'Sku1', { enabled: 500, consumed: 312 }, ['SCHOOL_DATA_SYNC_P2', 'EXCHANGE_S_STANDARD']),
    subscribedSku(tenantId, 'M365EDU_A3_STUUSEBNFT', { enabled: 5000, consumed: 4188 }, ['SCHOOL_DATA_SYNC_P1']),
  ];
}
