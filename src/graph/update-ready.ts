import { stripAnnotations } from './annotations.js';
import { roleGroupBind } from './paths.js';
import { joinPointer } from '../problem.js';
import { isRecord } from '../body/is-record.js';
import { isMaskedPassword } from '../secrets.js';

/** Members Graph owns, per kind of object: never part of a body. */
const SERVER_MANAGED = ['id', 'createdDateTime', 'lastModifiedDateTime', 'readinessStatus', 'provisioningFlows'];

export interface UpdateReadyBody {
  body: Record<string, unknown>;
  /** What was left out and why, for stderr. */
  notes: string[];
}

/**
 * A flow (or flow set) as Graph returns it → a body `update -f -` accepts (what `get --body` prints):
 * annotations and server-managed members removed, an expanded `roleGroup` turned back into its
 * `roleGroup@odata.bind`, and masked passwords dropped (sending the mask would set it as the
 * password) — so `get --body | jq … | update -f -` round-trips.
 */
export function toUpdateBody(object: Record<string, unknown>, graphUrl: string): UpdateReadyBody {
  // stripAnnotations copies the whole object: the changes below never reach the caller's.
  const body = stripAnnotations(object);
  const notes: string[] = [];
  for (const key of SERVER_MANAGED) delete body[key];
  const creationOptions = body.creationOptions;
  const configurations = isRecord(creationOptions) ? creationOptions.configurations : undefined;
  if (Array.isArray(configurations)) {
    configurations.forEach((configuration: unknown, index) => {
      if (!isRecord(configuration)) return;
      const at = joinPointer('/creationOptions/configurations', index);
      const roleGroup = configuration.roleGroup;
      if (isRecord(roleGroup) && typeof roleGroup.id === 'string') {
        delete configuration.roleGroup;
        configuration['roleGroup@odata.bind'] = roleGroupBind(graphUrl, roleGroup.id);
      }
      const passwordSettings = configuration.defaultPasswordSettings;
      if (isRecord(passwordSettings) && isMaskedPassword(passwordSettings.password)) {
        delete configuration.defaultPasswordSettings;
        notes.push(
          `${at}/defaultPasswordSettings: left out, because Graph masks passwords on read. The live password stays while creationOptions is unchanged; ` +
            'a change to creationOptions must supply it again (a {"$env": NAME} reference works), or `update` refuses (--drop-default-passwords removes it on purpose)',
        );
      }
    });
  }
  return { body, notes };
}
