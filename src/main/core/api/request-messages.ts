import { MAX_CLIENT_MESSAGE_BYTES, RequestMessageSchema, describeIssues, type ResponseBody, type ResponseMessage } from '../../../shared/wire';

/**
 * Answers one request message as a message-based transport receives it (the WebSocket bridge, the control
 * channel): `{id, method, params}` in, `{id, ok, result|error}` out. Bad text gets an error response that says
 * what was wrong; nothing a client sends can make it throw.
 */
export async function answerRequestMessage(
  text: string,
  dispatch: (method: string, params: unknown) => Promise<ResponseBody>,
): Promise<ResponseMessage> {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CLIENT_MESSAGE_BYTES) return reject(null, `Message of ${bytes} bytes is over the ${MAX_CLIENT_MESSAGE_BYTES}-byte limit.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return reject(null, 'Message is not valid JSON.');
  }
  const parsed = RequestMessageSchema.safeParse(json);
  if (!parsed.success) {
    const problem = describeIssues(parsed.error.issues);
    return reject(extractId(json), `Malformed request (${problem}). Expected {"id", "method", "params"}.`);
  }
  const { id, method, params } = parsed.data;
  return { id, ...(await dispatch(method, params)) };
}

/** An error response for a message that was not a request. */
export function reject(id: ResponseMessage['id'], message: string): ResponseMessage {
  return { id, ok: false, error: { code: 'bad_message', message } };
}

function extractId(json: unknown): ResponseMessage['id'] {
  if (json && typeof json === 'object' && 'id' in json) {
    const id = (json as { id: unknown }).id;
    if (typeof id === 'number' || (typeof id === 'string' && id.length <= 64)) return id;
  }
  return null;
}
