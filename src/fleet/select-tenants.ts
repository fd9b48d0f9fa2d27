import { closest } from '../body/did-you-mean.js';
import { UsageError } from '../errors.js';
import type { Fleet, FleetTenant } from './fleet.js';

/** How many names (and tags) a "matches nothing" message lists before "… and N more". */
const LISTED = 20;

/**
 * The tenants `--tenants <tag|name,…>` picks: each comma-separated item matches a name or a tag
 * (ignoring case); the union, in fleet order. No selector: the whole fleet. An empty selector or
 * item, or an item that matches nothing, is a usage error (exit 2): a typo must not shrink a run
 * silently.
 */
export function selectTenants(fleet: Fleet, selector?: string): FleetTenant[] {
  if (selector === undefined) return [...fleet.tenants];
  const items = selector.split(',').map((item) => item.trim());
  if (items.every((item) => item === '')) {
    throw new UsageError('--tenants is empty: give tenant names or tags, separated by commas', { hint: 'leave --tenants out to take every tenant of the fleet' });
  }
  if (items.includes('')) throw new UsageError(`--tenants ${JSON.stringify(selector)} has an empty item: a comma too many?`);
  const wanted = new Set(items.map((item) => item.toLowerCase()));
  const matches = (tenant: FleetTenant): string[] => [tenant.name, ...tenant.tags].map((label) => label.toLowerCase()).filter((label) => wanted.has(label));
  const matched = new Set(fleet.tenants.flatMap(matches));
  const unmatched = [...new Set(items)].filter((item) => !matched.has(item.toLowerCase()));
  if (unmatched.length > 0) throw noMatch(fleet, unmatched);
  return fleet.tenants.filter((tenant) => matches(tenant).length > 0);
}

function noMatch(fleet: Fleet, unmatched: string[]): UsageError {
  const names = fleet.tenants.map((t) => t.name);
  const tags = [...new Set(fleet.tenants.flatMap((t) => t.tags))];
  const guesses = unmatched.flatMap((item) => {
    const guess = closest(item, [...names, ...tags]);
    return guess === undefined ? [] : [`"${guess}" for "${item}"`];
  });
  const what = unmatched.map((item) => JSON.stringify(item)).join(', ');
  const verb = unmatched.length === 1 ? 'matches' : 'match';
  const didYouMean = guesses.length > 0 ? ` — did you mean ${guesses.join(', ')}?` : '';
  return new UsageError(`--tenants: ${what} ${verb} no tenant name or tag in ${fleet.path}${didYouMean}`, {
    hint: `names: ${listed(names)}; tags: ${tags.length > 0 ? listed(tags) : '(none)'}`,
  });
}

function listed(labels: string[]): string {
  const shown = labels.slice(0, LISTED).join(', ');
  return labels.length > LISTED ? `${shown} … and ${labels.length - LISTED} more` : shown;
}
