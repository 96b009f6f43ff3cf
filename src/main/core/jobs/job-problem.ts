/** One reason a job definition is refused: where (a JSON path like `ops[1].args.image`), what kind, and what to do. */
export interface JobProblem {
  path: string;
  code:
    | 'too_large'
    | 'not_json_object'
    | 'host_mount'
    | 'docker_socket'
    | 'privileged'
    | 'host_namespace'
    | 'absurd_resources'
    | 'bad_image'
    | 'duplicate_op_id'
    | 'reserved_path'
    | 'bad_dependency'
    | 'bad_literal'
    | 'capacity'
    | 'shape'
    | 'unsupported';
  message: string;
}

/** A JSON path from its parts: `ops[1].args.image`. */
export function jsonPath(parts: readonly (string | number)[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}
