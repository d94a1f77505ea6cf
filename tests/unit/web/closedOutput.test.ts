import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { keepServingWhenOutputCloses } from '../../../main/web/closedOutput';

const epipe = () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });

describe('the browser host when its output is closed', () => {
  it('a write error on a closed stdout would end the process; with the guard the host goes on', () => {
    const unguarded = new PassThrough();
    expect(() => unguarded.emit('error', epipe())).toThrow('EPIPE');

    const stdout = new PassThrough();
    const stderr = new PassThrough();
    keepServingWhenOutputCloses([stdout, stderr]);
    expect(() => stdout.emit('error', epipe())).not.toThrow();
    expect(() => stderr.emit('error', epipe())).not.toThrow();
  });
});
