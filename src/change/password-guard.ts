import { InvalidInputError } from '../errors.js';
import { isRecord } from '../body/is-record.js';
import { joinPointer } from '../problem.js';

/** The flag that removes live default passwords on purpose. */
export const DROP_PASSWORDS_FLAG = '--drop-default-passwords';

/** A live write-only password that a write would remove. */
export interface PasswordLoss {
  /** The role group id of the configuration ("staff"). */
  roleGroup: string;
  /** Where the password lives in the live flow. */
  pointer: string;
  reason: 'not supplied' | 'configuration removed';
}

/** A configuration's role group id: expanded `roleGroup.id` (a read) or the bind URL's last segment (a body). */
export function roleGroupIdOf(configuration: Record<string, unknown>): string | undefined {
  if (isRecord(configuration.roleGroup) && typeof configuration.roleGroup.id === 'string') return configuration.roleGroup.id.toLowerCase();
  const bind = configuration['roleGroup@odata.bind'];
  if (typeof bind !== 'string') return undefined;
  const last = bind.slice(bind.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last).toLowerCase();
  } catch {
    return last.toLowerCase();
  }
}

const holdsPassword = (configuration: Record<string, unknown>): boolean => {
  const settings = configuration.defaultPasswordSettings;
  return isRecord(settings) && settings.password !== undefined && settings.password !== null;
};

/** A password the request supplies: a string, or a `{"$env": NAME}` reference not resolved yet. */
const suppliesPassword = (configuration: Record<string, unknown>): boolean => {
  const settings = configuration.defaultPasswordSettings;
  if (!isRecord(settings)) return false;
  return (typeof settings.password === 'string' && settings.password !== '') || isRecord(settings.password);
};

function configurationsOf(flow: Record<string, unknown>): Record<string, unknown>[] | undefined {
  const options = flow.creationOptions;
  if (!isRecord(options) || !Array.isArray(options.configurations)) return undefined;
  return options.configurations.filter(isRecord);
}

/**
 * What a write of `request` over `live` would lose. Graph replaces `creationOptions` whole when a
 * request carries it, and it never returns a password (every read shows a mask), so each live
 * configuration that holds a default password loses it unless the request supplies it again for
 * the same role group. `live` must be the flow as read (masked passwords present), not an
 * update-ready body, which leaves masked passwords out. A request without creationOptions keeps
 * them all.
 */
export function findPasswordLosses(live: Record<string, unknown>, request: Record<string, unknown>): PasswordLoss[] {
  if (!('creationOptions' in request)) return [];
  const liveConfigurations = configurationsOf(live) ?? [];
  const sent = configurationsOf(request) ?? [];
  const losses: PasswordLoss[] = [];
  liveConfigurations.forEach((configuration, index) => {
    if (!holdsPassword(configuration)) return;
    const roleGroup = roleGroupIdOf(configuration) ?? `#${index}`;
    const match = sent.find((candidate) => roleGroupIdOf(candidate) === roleGroup);
    if (match && suppliesPassword(match)) return;
    losses.push({
      roleGroup,
      pointer: joinPointer(joinPointer('/creationOptions/configurations', index), 'defaultPasswordSettings'),
      reason: match ? 'not supplied' : 'configuration removed',
    });
  });
  return losses;
}

/**
 * Refuses (exit 3, nothing sent) a write that would remove live default passwords, naming each
 * role group and the two ways out; with `allowDrop` it returns the losses for the caller to report.
 */
export function guardPasswords(live: Record<string, unknown>, request: Record<string, unknown>, options: { allowDrop: boolean }): PasswordLoss[] {
  const losses = findPasswordLosses(live, request);
  if (losses.length === 0 || options.allowDrop) return losses;
  const groups = losses.map((loss) => loss.roleGroup).join(', ');
  throw new InvalidInputError(
    `this write would remove the default password of role group${losses.length === 1 ? '' : 's'} ${groups}: Graph replaces creationOptions whole and never returns a password, so a configurations list sent without them deletes them; nothing was sent`,
    {
      details: losses.map((loss) => ({
        pointer: loss.pointer,
        message:
          loss.reason === 'configuration removed'
            ? `role group ${loss.roleGroup}: the configuration is left out of the request, and its default password would go with it`
            : `role group ${loss.roleGroup}: the request has no defaultPasswordSettings for it, so its default password would be removed`,
      })),
      hint:
        'supply each password again, e.g. "defaultPasswordSettings": {"@odata.type": "#microsoft.graph.industryData.simplePasswordSettings", "password": {"$env": "STAFF_PASSWORD"}} ' +
        `in that configuration (or with --set), or pass ${DROP_PASSWORDS_FLAG} to remove them on purpose`,
    },
  );
}

/** One line per password a write removes on purpose, for stderr. */
export function describeLosses(losses: PasswordLoss[]): string[] {
  return losses.map((loss) => `the default password of role group ${loss.roleGroup} is removed (${DROP_PASSWORDS_FLAG})`);
}
