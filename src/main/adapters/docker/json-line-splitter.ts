/**
 * Splits a stream of newline-delimited JSON (pull progress, engine events) into parsed values. A line that
 * is not JSON is skipped rather than thrown: docker-modem's followProgress throws from a 'data' handler,
 * which would crash the process on one garbled line.
 */
export class JsonLineSplitter {
  private rest = '';

  push(chunk: Buffer | string): unknown[] {
    this.rest += chunk.toString();
    const lines = this.rest.split('\n');
    this.rest = lines.pop() ?? '';
    const values: unknown[] = [];
    for (const line of lines) {
      const text = line.trim();
      if (!text) continue;
      try {
        values.push(JSON.parse(text));
      } catch {
        // Not JSON: nothing to report.
      }
    }
    return values;
  }
}
