import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStack } from '../../src/exceptions/stack-frames.js';

const brief = (stack: string) => parseStack(stack).map((f) => [f.function, f.filename, f.lineno ?? null, f.colno ?? null, f.in_app]);

describe('parsing stacks (entry point first)', () => {
  it('V8 (Node.js, Deno, workerd): named, anonymous, async, constructor and eval frames', () => {
    const stack = [
      'TypeError: bad @ input',
      '    with a second message line',
      '    at boom (file:///srv/app/boom.mjs:3:9)',
      '    at new Handler (/srv/app/handler.js:10:5)',
      '    at async Promise.all (index 0)',
      '    at eval (eval at run (/srv/app/run.js:4:3), <anonymous>:1:1)',
      '    at /srv/app/main.js:20:1',
      '    at Module._compile (node:internal/modules/cjs/loader:1256:14)',
      '    at Object.<anonymous> (/srv/app/node_modules/lib/index.js:2:2)',
    ].join('\n');
    assert.deepEqual(brief(stack), [
      ['Object.<anonymous>', '/srv/app/node_modules/lib/index.js', 2, 2, false],
      ['Module._compile', 'node:internal/modules/cjs/loader', 1256, 14, false],
      ['?', '/srv/app/main.js', 20, 1, true],
      ['eval', '<anonymous>', 1, 1, false],
      ['async Promise.all', 'index 0', null, null, true],
      ['new Handler', '/srv/app/handler.js', 10, 5, true],
      ['boom', 'file:///srv/app/boom.mjs', 3, 9, true],
    ]);
  });

  it('JavaScriptCore (Bun, Safari) and SpiderMonkey (Firefox): fn@file:line:col', () => {
    const stack = ['boom@/srv/app/boom.js:3:9', 'handler@http://localhost:3000/app.js:10:5', '@/srv/app/main.js:20:1', 'global code@/srv/app/main.js:21:1', 'forEach@[native code]'].join('\n');
    assert.deepEqual(brief(stack), [
      ['global code', '/srv/app/main.js', 21, 1, true],
      ['?', '/srv/app/main.js', 20, 1, true],
      ['handler', 'http://localhost:3000/app.js', 10, 5, true],
      ['boom', '/srv/app/boom.js', 3, 9, true],
    ]);
  });

  it('a real V8 stack of this runtime ends at the function that threw', () => {
    function thrower(): Error {
      return new Error('here');
    }
    const frames = parseStack(thrower().stack);
    assert.ok(frames[frames.length - 1].function.endsWith('thrower'));
  });

  it('gives nothing for what is not a stack', () => {
    assert.deepEqual(parseStack(undefined), []);
    assert.deepEqual(parseStack(''), []);
    assert.deepEqual(parseStack('Error: just a message'), []);
  });
});
