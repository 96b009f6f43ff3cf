import { describe, expect, it } from 'vitest';
import { ListenerRegistry } from '../../../src/shared/listener-registry';

describe('the listener registry', () => {
  it('calls the listeners of an event in the order they were added, and no others', () => {
    const heard: string[] = [];
    const registry = new ListenerRegistry();
    registry.add('host.state', (d) => heard.push(`a:${String(d)}`));
    registry.add('host.state', (d) => heard.push(`b:${String(d)}`));
    registry.add('grid.changed', (d) => heard.push(`grid:${String(d)}`));
    registry.emit('host.state', 1);
    registry.emit('jobs.changed', 2);
    expect(heard).toEqual(['a:1', 'b:1']);
    expect(registry.count('host.state')).toBe(2);
    expect(registry.count('jobs.changed')).toBe(0);
  });

  it('stops calling a listener once unsubscribed, even twice', () => {
    const heard: unknown[] = [];
    const registry = new ListenerRegistry();
    const stop = registry.add('host.state', (d) => heard.push(d));
    registry.emit('host.state', 1);
    stop();
    stop();
    registry.emit('host.state', 2);
    expect(heard).toEqual([1]);
    expect(registry.count('host.state')).toBe(0);
  });

  it('keeps a throwing listener from stopping the others, and reports it', () => {
    const failures: Array<[string, unknown]> = [];
    const heard: unknown[] = [];
    const registry = new ListenerRegistry((event, error) => failures.push([event, error]));
    const boom = new Error('render failed');
    registry.add('host.state', () => {
      throw boom;
    });
    registry.add('host.state', (d) => heard.push(d));
    registry.emit('host.state', 'x');
    expect(heard).toEqual(['x']);
    expect(failures).toEqual([['host.state', boom]]);
  });

  it('lets a listener unsubscribe itself while the event is delivered', () => {
    const heard: string[] = [];
    const registry = new ListenerRegistry();
    const stop = registry.add('host.state', () => {
      heard.push('once');
      stop();
    });
    registry.add('host.state', () => heard.push('always'));
    registry.emit('host.state', null);
    registry.emit('host.state', null);
    expect(heard).toEqual(['once', 'always', 'always']);
  });
});
