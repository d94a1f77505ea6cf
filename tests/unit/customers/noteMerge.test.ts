import { describe, expect, it } from 'vitest';
import { mergeNoteText } from '../../../renderer/src/customers/noteMerge';

// What a call's draft keeps when a window writes its note over `basis`, the text it last read or wrote.
describe('a call note written from two windows loses no words', () => {
  it('storage still holds what the window started from: the window’s text is newer', () => {
    expect(mergeNoteText('Parcel broken', 'Parcel broken', 'Parcel broken, refund')).toBe('Parcel broken, refund');
    expect(mergeNoteText('Parcel broken', 'Parcel broken', '')).toBe('');
  });

  it('another window wrote meanwhile and this one left its text alone: storage keeps its words', () => {
    expect(mergeNoteText('Refund promised', '', '')).toBe('Refund promised');
    expect(mergeNoteText('Refund promised', 'Old', 'Old')).toBe('Refund promised');
  });

  it('one text already holds the other: the longer one, once', () => {
    expect(mergeNoteText('Parcel broken', '', 'Parcel broken; courier booked')).toBe('Parcel broken; courier booked');
    expect(mergeNoteText('Parcel broken; courier booked', '', 'courier booked')).toBe('Parcel broken; courier booked');
  });

  it('both typed different words: both are kept, the stored ones first', () => {
    expect(mergeNoteText('Parcel broken', '', 'Will send photos')).toBe('Parcel broken\n\nWill send photos');
  });
});
