import type { z } from 'zod';

/** The name a person knows each setting by, keyed by its path (`wallet.customRpcUrl`). */
export const SETTING_LABELS: Record<string, string> = {
  'grid.url': 'The grid address',
  'containers.memoryMiB': 'The memory limit',
  'containers.cpus': 'The CPU limit',
  'containers.stopGraceSeconds': 'The stop grace time',
  'containers.imageCacheGiB': 'The image cache budget',
  'containers.allowedRegistries': 'An allowed registry',
  'logs.level': 'The log level',
  'logs.maxFileMiB': 'The log file size',
  'logs.maxFiles': 'The number of log files',
  'wallet.cluster': 'The cluster',
  'wallet.customRpcUrl': 'The RPC address',
  'wallet.allowBasicTextKeyring': 'The basic text key store choice',
  'app.closeToTray': 'Close to tray',
  'app.startAtLogin': 'Start at login',
  'updates.channel': 'The update channel',
  'notifications.attention': 'Attention notifications',
  'notifications.jobs': 'Job notifications',
};

export interface FieldIssue {
  /** The setting's path, e.g. `wallet.customRpcUrl`. */
  path: string;
  /** One sentence for the owner, shown next to the field. */
  sentence: string;
}

/** One zod issue as a sentence a person understands ("The RPC address must be a web address, like https://…"). */
export function issueSentence(issue: z.core.$ZodIssue): FieldIssue {
  const path = issue.path.filter((p) => typeof p === 'string' || typeof p === 'number').join('.');
  if (issue.code === 'unrecognized_keys') {
    return { path, sentence: `GridHost has no setting ${issue.keys.map((key) => (path ? `${path}.${key}` : key)).join(', ')}.` };
  }
  const label = SETTING_LABELS[path] ?? SETTING_LABELS[path.replace(/\.\d+$/, '')] ?? `The setting ${path || '(unnamed)'}`;
  return { path, sentence: `${label} ${describe(issue)}.` };
}

/** Every issue of a failed parse, one sentence per field (the first issue of each field wins). */
export function fieldIssues(error: { issues: readonly z.core.$ZodIssue[] }): FieldIssue[] {
  const seen = new Map<string, FieldIssue>();
  for (const issue of error.issues) {
    const field = issueSentence(issue);
    if (!seen.has(field.path)) seen.set(field.path, field);
  }
  return [...seen.values()];
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_format':
      if (!issue.message.startsWith('Invalid')) return `is not valid: ${issue.message}`;
      return issue.format === 'url' ? 'must be a web address that starts with http:// or https://, like https://api.example.com' : `is not in the expected form (${issue.format})`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string' ? `needs at least ${String(issue.minimum)}` : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string' ? `can have at most ${String(issue.maximum)}` : `must be at most ${String(issue.maximum)}`;
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be a whole number' : issue.expected === 'number' ? 'must be a number' : `must be ${article(issue.expected)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    default:
      // A custom message (a regex's example) is already written for the owner.
      return issue.message.startsWith('Invalid') ? 'is not valid' : `is not valid: ${issue.message}`;
  }
}

function article(expected: string): string {
  return expected === 'boolean' ? 'on or off' : /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
