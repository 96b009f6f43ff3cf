import { ClientSettingsPatchSchema, defaultSettings, type Settings } from '../../../shared/settings';
import { UsageError, withHost, type CliCommand } from '../command';

/** Settings set elsewhere, and where. */
const SET_ELSEWHERE: Record<string, string> = {
  'wallet.payoutAddress': 'Set the payout address with `gridhost wallet --set-payout ADDRESS` (it checks the address).',
  'sharing.mode': 'Set the sharing mode with `gridhost share auto`, `gridhost share always` or `gridhost share never`.',
};

/** `gridhost settings [--json]`: every setting and its value (the running host's, when one runs). */
export const settingsCommand: CliCommand = {
  name: 'settings',
  summary: 'Show the settings (those of the running host, when one runs)',
  usage: 'gridhost settings [--json]',
  options: { json: { type: 'boolean', default: false } },
  run: (ctx) =>
    withHost(ctx, async ({ api }) => {
      const settings = await api.settingsGet();
      if (ctx.values.json) ctx.out(`${JSON.stringify(settings, null, 2)}\n`);
      else {
        const rows = flatten(settings);
        const width = Math.max(...rows.map(([key]) => key.length));
        ctx.out(`${rows.map(([key, value]) => `${key.padEnd(width)}  ${JSON.stringify(value)}`).join('\n')}\n`);
      }
      return 0;
    }),
};

/** `gridhost settings set KEY VALUE`: changes one setting, through the running host when one runs. */
export const settingsSetCommand: CliCommand = {
  name: 'settings set',
  summary: 'Change one setting, e.g. `gridhost settings set containers.memoryMiB 4096`',
  usage: 'gridhost settings set KEY VALUE',
  options: {},
  allowPositionals: true,
  async run(ctx) {
    const [key, raw, ...extra] = ctx.positionals;
    if (key === undefined || raw === undefined || extra.length > 0) throw new UsageError('Give one setting and its value, e.g. grid.url https://grid.example.');
    const patch = settingsPatch(key, raw);
    return withHost(ctx, async ({ api, running }) => {
      const after = await api.settingsUpdate(patch);
      const [section, field] = key.split('.') as [keyof Settings, string];
      const value = (after[section] as Record<string, unknown>)[field];
      ctx.out(`${key} is now ${JSON.stringify(value)}${running ? ' (the running host uses it now)' : ''}.\n`);
      return 0;
    });
  },
};

/**
 * The `settings.update` patch for KEY VALUE: the value read as the setting's type (a number, true/false,
 * null where the setting may be empty, else text), checked by the contract's own schema, so that a refusal
 * says which setting and why in words, before anything is sent.
 */
export function settingsPatch(key: string, raw: string): Record<string, Record<string, unknown>> {
  if (SET_ELSEWHERE[key]) throw new UsageError(SET_ELSEWHERE[key]);
  const defaults = Object.fromEntries(flatten(defaultSettings()));
  if (!(key in defaults)) {
    const known = Object.keys(defaults).filter((k) => !SET_ELSEWHERE[k]);
    throw new UsageError(`There is no setting "${key}". The settings are: ${known.join(', ')}.`);
  }
  const [section, field] = key.split('.') as [string, string];
  // A setting that may be empty (null by default) says nothing of its type: the first reading the contract takes.
  const readings = defaults[key] === null ? [null, 0, false, ''].map((example) => typed(raw, example)) : [typed(raw, defaults[key])];
  const patches = readings.map((value) => ({ [section]: { [field]: value } }));
  const accepted = patches.find((candidate) => ClientSettingsPatchSchema.safeParse(candidate).success);
  if (accepted) return accepted;
  const patch = patches.find((candidate) => typeof candidate[section]![field] === 'number' && !Number.isNaN(candidate[section]![field])) ?? patches.at(-1)!;
  const checked = ClientSettingsPatchSchema.safeParse(patch);
  if (!checked.success) {
    const why = checked.error.issues.map((issue) => issue.message.charAt(0).toLowerCase() + issue.message.slice(1)).join('; ');
    throw new UsageError(`${key} cannot be ${raw}: ${why}. Nothing was changed; \`gridhost settings\` shows the current values.`);
  }
  return patch;
}

function typed(raw: string, example: unknown): unknown {
  if (raw === 'null') return null;
  // A setting empty by default (containers.memoryMiB) takes a number when one is typed.
  if (example === null && /^-?\d+(\.\d+)?$/.test(raw.trim())) return Number(raw);
  if (typeof example === 'number') return raw.trim() === '' ? Number.NaN : Number(raw);
  if (typeof example === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/** `[["grid.url", "http://…"], …]`: each setting by its KEY. */
function flatten(settings: Settings): Array<[string, unknown]> {
  return Object.entries(settings).flatMap(([section, fields]) =>
    Object.entries(fields as Record<string, unknown>).map(([field, value]): [string, unknown] => [`${section}.${field}`, value]),
  );
}
