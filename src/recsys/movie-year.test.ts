import { describe, expect, it } from 'vitest';
import { yearOfTitle } from './movie-year';

describe('yearOfTitle', () => {
  it('reads the trailing year, with the ranges of series', () => {
    expect(yearOfTitle('Heat (1995)')).toBe(1995);
    expect(yearOfTitle('Matrix, The (1999) ')).toBe(1999);
    expect(yearOfTitle('Fargo (2014–2017)')).toBe(2014);
    expect(yearOfTitle('Sherlock (2010-)')).toBe(2010);
    expect(yearOfTitle('Hate (Haine, La) (1995)')).toBe(1995);
  });

  it('is undefined without a trailing year, or for one out of range', () => {
    expect(yearOfTitle('Babylon 5')).toBeUndefined();
    expect(yearOfTitle('1984 (novel)')).toBeUndefined();
    expect(yearOfTitle('Far Future (3001)')).toBeUndefined();
    expect(yearOfTitle('Old (1066)')).toBeUndefined();
  });
});
