import { birthMonth, postcodeDistrict, postcodeSector, pseudonymFor } from './pseudonymiser';
import { CursorCipher } from './cursor-cipher';

describe('pseudonymisation', () => {
  it('gives a child the same id for the same recipient and unlinkable ids across recipients and keys', () => {
    const a = pseudonymFor('key-1', 'ICB-WX', 'P0000000001');
    expect(pseudonymFor('key-1', 'icb-wx', 'P0000000001')).toBe(a); // recipient codes are case-insensitive
    expect(pseudonymFor('key-1', 'analytics', 'P0000000001')).not.toBe(a);
    expect(pseudonymFor('key-2', 'ICB-WX', 'P0000000001')).not.toBe(a);
    expect(pseudonymFor('key-1', 'ICB-WX', 'P0000000002')).not.toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('coarsens birth date to month and postcode to sector and district', () => {
    expect(birthMonth('2014-05-17')).toBe('2014-05');
    expect(birthMonth(null)).toBeNull();
    expect(postcodeSector('sw1a 1aa')).toBe('SW1A 1');
    expect(postcodeSector('M1 1AE')).toBe('M1 1');
    expect(postcodeSector('B33 8TH')).toBe('B33 8');
    expect(postcodeSector('not a postcode')).toBeNull();
    expect(postcodeDistrict('CR2 6XH')).toBe('CR2');
  });

  it('seals cursors so they can be neither read nor forged', () => {
    const cipher = new CursorCipher('key-1');
    const cursor = cipher.seal('P0000000042');
    expect(cursor).not.toContain('P0000000042');
    expect(cipher.open(cursor)).toBe('P0000000042');
    expect(new CursorCipher('key-2').open(cursor)).toBeUndefined();
    expect(cipher.open('P0000000042')).toBeUndefined();
    const tampered = `${cursor.slice(0, -2)}${cursor.endsWith('A') ? 'B' : 'A'}A`;
    expect(cipher.open(tampered)).toBeUndefined();
  });
});
