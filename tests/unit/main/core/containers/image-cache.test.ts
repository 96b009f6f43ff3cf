import { describe, expect, it } from 'vitest';
import { ImageCache } from '../../../../../src/main/core/containers/image-cache';
import type { Logger } from '../../../../../src/main/core/ports';
import type { ContainerSummary } from '../../../../../src/main/core/containers/ports';
import { FakeImageStore } from './fake-image-store';

const GIB = 1024 ** 3;
const logger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => logger };

class MemoryDocument {
  value: unknown = null;
  quarantined = 0;
  failRead = false;
  async read() {
    if (this.failRead) throw new SyntaxError('Unexpected token');
    return this.value;
  }
  async write(v: unknown) {
    this.value = JSON.parse(JSON.stringify(v));
  }
  async quarantine() {
    this.quarantined += 1;
    this.failRead = false;
    return '/data/image-cache.json.corrupt';
  }
}

function setup(budgetGiB: number) {
  const engine = new FakeImageStore();
  /** The containers on the engine (the cache reads only which images they use). */
  const containers: ContainerSummary[] = [];
  const doc = new MemoryDocument();
  let now = 0;
  const cache = new ImageCache(engine, { listContainers: async () => containers }, doc, () => budgetGiB, { now: () => now }, logger);
  return { engine, containers, doc, cache, tick: (t: number) => (now = t) };
}

describe('ImageCache', () => {
  it('removes the least recently used job images until within budget', async () => {
    const { engine, cache, tick } = setup(2);
    for (const [name, t] of [['a:1', 1], ['b:1', 2], ['c:1', 3]] as const) {
      const img = engine.addImage(name, GIB);
      tick(t);
      await cache.touch(img.id, name);
    }
    tick(4);
    await cache.touch('sha256:a:1', 'a:1'); // a is now the most recent
    const report = await cache.enforce();
    expect(report.removed.map((r) => r.reference)).toEqual(['b:1']);
    expect(report).toMatchObject({ totalBytes: 2 * GIB, budgetBytes: 2 * GIB, overBudget: false });
  });

  it('never removes the benchmark image, an image in use, or images GridHost did not pull', async () => {
    const { engine, containers, cache, tick } = setup(1);
    engine.addImage('gridhost/benchmark:1.0', GIB);
    engine.addImage('owner/game-server:latest', 5 * GIB);
    const busy = engine.addImage('busy:1', GIB);
    const idle = engine.addImage('idle:1', GIB);
    tick(1);
    await cache.touch(busy.id, 'busy:1');
    tick(2);
    await cache.touch(idle.id, 'idle:1');
    containers.push({ id: 'c1', name: 'gridhost-j-o', image: 'busy:1', imageId: busy.id, labels: {}, state: 'running' });
    const report = await cache.enforce();
    expect(report.removed.map((r) => r.reference)).toEqual(['idle:1']);
    expect(report.keptOverBudget).toBe(1);
    expect(report.overBudget).toBe(true);
    expect(engine.images.map((i) => i.tags[0])).toEqual(['gridhost/benchmark:1.0', 'owner/game-server:latest', 'busy:1']);
  });

  it('skips an image the engine refuses to remove and goes on', async () => {
    const { engine, cache, tick } = setup(1);
    const a = engine.addImage('a:1', GIB);
    const b = engine.addImage('b:1', GIB);
    const c = engine.addImage('c:1', GIB);
    for (const [i, img] of [a, b, c].entries()) {
      tick(i);
      await cache.touch(img.id, img.tags[0]!);
    }
    engine.refuseRemoval.add(a.id);
    const report = await cache.enforce();
    expect(report.removed.map((r) => r.reference)).toEqual(['b:1', 'c:1']);
    expect(engine.removedImages).toEqual([b.id, c.id]);
    expect(report).toMatchObject({ keptOverBudget: 1, overBudget: false, totalBytes: GIB });
  });

  it('moves an unreadable record aside and starts afresh', async () => {
    const { doc, cache, engine } = setup(10);
    doc.failRead = true;
    const img = engine.addImage('a:1', 1);
    await cache.touch(img.id, 'a:1');
    expect(doc.quarantined).toBe(1);
    expect(doc.value).toMatchObject({ version: 1, images: { [img.id]: { reference: 'a:1' } } });
  });
});
