import { describe, expect, it } from 'vitest';
import { rankDialCompletions, type DialCandidate } from '../../../renderer/src/softphone/dialCompletions';

const team: DialCandidate[] = [
  { source: 'team', name: 'Ben Ortiz', target: 'sip:2002@pbx.example.com' },
  { source: 'team', name: 'Bea Lund', target: 'sip:1002@pbx.example.com' },
  { source: 'team', name: 'Carla Benítez', target: 'sip:2003@pbx.example.com' },
];
const recent: DialCandidate[] = [
  { source: 'recent', name: '', target: '+12125550100' },
  { source: 'recent', name: 'Ben from the PBX', target: 'sip:2002@pbx.example.com' },
];
const customers: DialCandidate[] = [{ source: 'customer', name: 'Benedict Ames', target: '+12125550199' }];
const all = [...customers, ...recent, ...team];

const names = (query: string) => rankDialCompletions(query, all).map((completion) => completion.name);

describe('what the dial box offers while Ana types', () => {
  it('offers nothing for an empty box, and nothing that does not start with what she typed', () => {
    expect(rankDialCompletions('  ', all)).toEqual([]);
    expect(rankDialCompletions('zed', all)).toEqual([]);
    // "enedict" is inside a name, not at the start of a word.
    expect(rankDialCompletions('enedict', all)).toEqual([]);
  });

  it('puts names that start with the text first, teammates before recent calls before customers', () => {
    expect(names('be')).toEqual(['Bea Lund', 'Ben Ortiz', 'Benedict Ames', 'Carla Benítez']);
  });

  it('matches the start of any word of a name, after names that start with it', () => {
    expect(names('ben')).toEqual(['Ben Ortiz', 'Benedict Ames', 'Carla Benítez']);
    expect(names('lund')).toEqual(['Bea Lund']);
  });

  it('offers a teammate once, under the roster name, when a recent call has the same address', () => {
    const ben = rankDialCompletions('ben', all).filter((completion) => completion.target === 'sip:2002@pbx.example.com');
    expect(ben).toEqual([{ source: 'team', name: 'Ben Ortiz', target: 'sip:2002@pbx.example.com', address: '2002@pbx.example.com' }]);
  });

  it('completes an extension from its first digits, the exact extension first', () => {
    expect(rankDialCompletions('200', all).map((completion) => completion.target)).toEqual(['sip:2002@pbx.example.com', 'sip:2003@pbx.example.com']);
    expect(rankDialCompletions('1002', all)[0]?.name).toBe('Bea Lund');
  });

  it('completes a phone number however she writes it, with or without the country code', () => {
    const targets = (query: string) => rankDialCompletions(query, all).map((completion) => completion.target);
    expect(targets('212 555')).toEqual(['+12125550100', '+12125550199']);
    expect(targets('+1 212-555-0199')).toEqual(['+12125550199']);
    expect(targets('(212) 555-0100')).toEqual(['+12125550100']);
  });

  it('keeps the list short', () => {
    const many: DialCandidate[] = Array.from({ length: 30 }, (_, index) => ({ source: 'customer', name: `Bo ${index}`, target: `+1212555${1000 + index}` }));
    expect(rankDialCompletions('bo', many)).toHaveLength(8);
    expect(rankDialCompletions('bo', many, 3)).toHaveLength(3);
  });
});
