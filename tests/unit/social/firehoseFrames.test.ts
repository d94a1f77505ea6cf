import { describe, expect, it } from 'vitest';
import { Cid, CborError, decode, readCarBlocks } from '../../../main/core/social/bluesky/cbor';
import { decodeFrame } from '../../../main/core/social/bluesky/firehose';
import { encode } from './dagCbor';

const cid = new Cid(new Uint8Array([0x01, 0x71, 0x12, 0x20, ...new Array<number>(32).fill(7)]));

describe('firehose frames', () => {
  it('decodes a commit with its CAR blocks and the record inside', () => {
    const record = encode({ $type: 'app.bsky.feed.post', text: 'hi @acme', createdAt: '2026-01-01T00:00:00Z' });
    const header = encode({ version: 1, roots: [cid] });
    const block = [...cid.bytes, ...record];
    const car = new Uint8Array([header.length, ...header, block.length, ...block]);
    const frame = new Uint8Array([
      ...encode({ op: 1, t: '#commit' }),
      ...encode({ seq: 42, repo: 'did:plc:carla', ops: [{ action: 'create', path: 'app.bsky.feed.post/3kabc', cid }], blocks: car }),
    ]);
    const event = decodeFrame(frame);
    expect(event).toMatchObject({
      type: 'commit',
      seq: 42,
      repo: 'did:plc:carla',
      ops: [{ action: 'create', path: 'app.bsky.feed.post/3kabc', cid: cid.toString() }],
    });
    if (event.type !== 'commit') throw new Error('not a commit');
    expect(cid.toString()).toMatch(/^bafyrei/);
    const bytes = event.blocks.get(cid.toString());
    expect(bytes === undefined ? null : decode(bytes)).toMatchObject({ text: 'hi @acme' });
    expect(readCarBlocks(car).size).toBe(1);
  });

  it('turns error frames into info and refuses garbage without throwing anything but CborError', () => {
    expect(decodeFrame(new Uint8Array([...encode({ op: -1 }), ...encode({ error: 'FutureCursor', message: 'too far' })]))).toEqual({
      type: 'info',
      name: 'FutureCursor',
      message: 'too far',
    });
    for (const garbage of [[0x1f], [0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0xa1, 0x01, 0x02], [0xc1, 0x00], [0x9f]]) {
      expect(() => decode(new Uint8Array(garbage))).toThrow(CborError);
    }
    const deep = new Uint8Array([...new Array<number>(100).fill(0x81), 0x00]);
    expect(() => decode(deep)).toThrow(CborError);
  });
});
