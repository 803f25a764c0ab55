import assert from 'node:assert/strict';
import { BusinessHours, parseBusinessHours } from '../../dialogs/handover/businessHours';

describe('BUSINESS_HOURS', () => {
  const hours = new BusinessHours('Mon-Fri 09:00-18:00; Sat 10:00-14:00', 'Europe/Berlin');
  const cases: [string, boolean][] = [
    ['2026-11-30T08:30:00Z', true], // Monday 09:30 in Berlin
    ['2026-11-30T07:59:00Z', false], // Monday 08:59
    ['2026-11-30T17:00:00Z', false], // Monday 18:00: closed at closing time
    ['2026-12-05T12:59:00Z', true], // Saturday 13:59
    ['2026-12-05T13:00:00Z', false], // Saturday 14:00
    ['2026-11-29T11:00:00Z', false], // Sunday
    ['2026-07-06T07:30:00Z', true], // Monday 09:30 in summer time
  ];
  for (const [at, open] of cases) {
    it(`${at} is ${open ? 'open' : 'closed'}`, () => assert.equal(hours.isOpen(new Date(at)), open));
  }

  it('is always open when unset, wraps day ranges, and names what it cannot read', () => {
    assert.equal(new BusinessHours(undefined, 'Europe/Berlin').isOpen(new Date('2026-11-29T03:00:00Z')), true);
    assert.deepEqual([...(parseBusinessHours('Sat-Mon 10:00-12:00')[0]?.days ?? [])].sort(), [1, 6, 7]);
    assert.throws(() => parseBusinessHours('weekdays 9-5'), /cannot read "weekdays 9-5"/);
    assert.throws(() => parseBusinessHours('Mon-Funday 09:00-10:00'), /unknown day "Funday"/);
  });
});
