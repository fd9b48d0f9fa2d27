// The command line plan and apply share: the folder, the fleet and its tenants, concurrency,
// failure handling, --prune, --var and --report.
import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import type { Env } from '../context.js';
import { UsageError } from '../errors.js';
import type { EstateFlags } from './estate-run.js';
import { isStrict, networkOf } from './flags.js';
import { parseCount } from './number-flags.js';

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `--var NAME=VALUE`: the value as JSON when it parses, else the text (as --set takes it). */
export function parseVarFlag(raw: string, into: Record<string, unknown>): Record<string, unknown> {
  const eq = raw.indexOf('=');
  const name = eq < 0 ? raw : raw.slice(0, eq);
  if (eq <= 0 || !VAR_NAME.test(name)) {
    throw new UsageError(`--var takes NAME=VALUE with a name of letters, digits and _ (not starting with a digit); got ${JSON.stringify(eq < 0 ? raw : `${name}=…`)}`);
  }
  const text = raw.slice(eq + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: the text itself.
  }
  into[name] = value;
  return into;
}

export function withEstateOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(command: Command<A, O, G>) {
  const variables: Record<string, unknown> = {};
  return command
    .addOption(new Option('--fleet <file>', 'run every tenant of this fleet file (JSON; `edu-flow schema fleet` prints its schema)'))
    .addOption(new Option('--tenants <list>', 'with --fleet: only these tenants, by name or tag, comma-separated'))
    .addOption(
      new Option('--concurrency <n>', 'with --fleet: tenants worked on at once (1–32)').argParser((raw) => parseCount(raw, '--concurrency', { min: 1, max: 32 })).default(4),
    )
    .addOption(new Option('--continue-on-error', 'with --fleet: go on with the other tenants when one fails (default: stop starting new ones)'))
    .addOption(new Option('--prune', 'also delete live flow sets and flows that no file describes'))
    .addOption(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ${NAME} is the variable syntax being described, not a template
      new Option('--var <name=value>', 'a variable for {"$var": NAME} and ${NAME} in the files (repeatable; beats the fleet file)').argParser((raw) =>
        parseVarFlag(raw, variables),
      ),
    )
    .addOption(new Option('--report <file.md>', 'also write the result as Markdown (for a pull-request comment)'))
    .addOption(new Option('--strict', 'treat deprecated members as errors (env EDU_FLOW_STRICT=1)'));
}

/** The parsed flags withEstateOptions() and withNetworkOptions() add, as plan and apply both take them. */
export function estateFlagsOf(
  folder: string,
  o: {
    fleet?: string;
    tenants?: string;
    concurrency: number;
    continueOnError?: true;
    prune?: true;
    var?: Record<string, unknown>;
    report?: string;
    strict?: true;
    retries: number;
    maxWait: number;
    timeout: number;
  },
  env: Env,
): EstateFlags {
  return {
    folder,
    fleet: o.fleet,
    tenants: o.tenants,
    concurrency: o.concurrency,
    continueOnError: Boolean(o.continueOnError),
    prune: Boolean(o.prune),
    variables: o.var ?? {},
    report: o.report,
    strict: isStrict(o.strict, env),
    network: networkOf(o),
  };
}
