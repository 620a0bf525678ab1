import { searchableName } from './searchable-name';

describe('searchableName', () => {
  it('folds case, accents and spacing so that spellings of one name meet', () => {
    expect(searchableName('María José ', ' PÉREZ  Gómez')).toBe('maria jose perez gomez');
    expect(searchableName("K'iche'", 'Ixchel')).toBe("k'iche' ixchel");
  });
});
