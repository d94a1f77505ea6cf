import { describe, expect, it } from 'vitest';
import { customerNameKeys, indexWord, nameWords, wordsMatch } from '../../../renderer/src/customers/customerName';

// How a name is cut into the words the search index holds (customers/customerName.ts).

describe('customer name words', () => {
  it('folds case and accents, joins at apostrophes, splits at anything else, and keeps each word once', () => {
    expect(nameWords('  Carla  GÓMEZ ')).toEqual(['carla', 'gomez']);
    expect(nameWords('Seán O’Brien-Díaz')).toEqual(['sean', 'obrien', 'diaz']);
    expect(nameWords('Ana Ana, S.A.')).toEqual(['ana', 's', 'a']);
    expect(nameWords('François Ñúñez 3')).toEqual(['francois', 'nunez', '3']);
    // Arabic: the short vowel marks fold away like accents, the letters stay.
    expect(nameWords('مُحَمَّد علي')).toEqual(['محمد', 'علي']);
    expect(nameWords('—')).toEqual([]);
  });

  it('a row keeps its lower-cased full name beside the words', () => {
    expect(customerNameKeys('Carla Gómez')).toEqual({ nameLower: 'carla gómez', nameWords: ['carla', 'gomez'] });
  });

  it('matches when every typed word starts some word of the name, and reads the index by the longest typed word', () => {
    const carla = nameWords('Carla Gómez');
    expect(wordsMatch(carla, nameWords('gom'))).toBe(true);
    expect(wordsMatch(carla, nameWords('g carla'))).toBe(true);
    expect(wordsMatch(carla, nameWords('carla ruiz'))).toBe(false);
    expect(indexWord(nameWords('c gómez'))).toBe('gomez');
    expect(indexWord([])).toBeUndefined();
  });
});
