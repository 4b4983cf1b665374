import { describe, expect, it } from 'vitest';
import { hourlyRates, itemsPerDay, learnedIntervalSeconds, observeRhythm } from './publishing-rhythm';

const at = (iso: string) => new Date(iso);

describe('observeRhythm', () => {
  it('learns the rate from the stretch the first document covers, its oldest item excluded', () => {
    const rhythm = observeRhythm(null, {
      at: at('2026-01-01T12:00:00Z'),
      itemCount: 5,
      newItemDates: [
        '2026-01-01T11:30:00Z',
        '2026-01-01T11:00:00Z',
        null,
        '2026-01-01T10:30:00Z',
        '2026-01-01T10:00:00Z',
      ],
    });
    expect(rhythm.items.reduce((sum, count) => sum + count, 0)).toBeCloseTo(3, 1);
    expect(rhythm.hours.reduce((sum, hours) => sum + hours, 0)).toBeCloseTo(2, 1);
    expect(itemsPerDay(rhythm)).toBeCloseTo(36, -1);
    expect(rhythm.window).toBe(5);
  });

  it('ignores dates far in the future or long past, and has no rhythm before an hour is watched', () => {
    const rhythm = observeRhythm(null, {
      at: at('2026-01-01T12:00:00Z'),
      itemCount: 3,
      newItemDates: ['2027-01-01T00:00:00Z', '2020-01-01T00:00:00Z', '2026-01-01T11:50:00Z'],
    });
    expect(hourlyRates(rhythm)).toBeNull();
    const later = observeRhythm(rhythm, { at: at('2026-01-01T14:00:00Z'), newItemDates: [null] });
    expect(hourlyRates(later)).not.toBeNull();
    expect(later.window).toBe(3);
  });

  it('tells the hours a feed publishes in from the hours it is silent', () => {
    let rhythm = observeRhythm(null, { at: at('2026-01-01T00:00:00Z'), itemCount: 10, newItemDates: [] });
    for (let day = 1; day <= 7; day++) {
      const date = `2026-01-0${day}`;
      rhythm = observeRhythm(rhythm, { at: at(`${date}T09:00:00Z`), newItemDates: [`${date}T08:30:00Z`] });
      rhythm = observeRhythm(rhythm, { at: at(`${date}T23:59:00Z`), newItemDates: [] });
    }
    const rates = hourlyRates(rhythm)!;
    expect(rates[8]).toBeGreaterThan(20 * rates[20]!);
    // Polls bunch up around the hour it publishes in: soon before 08:00, hours apart in the evening.
    const options = { pollWorthSeconds: 90, maxSeconds: 86_400 };
    expect(learnedIntervalSeconds(rhythm, at('2026-01-08T08:10:00Z'), options)).toBeLessThan(3600);
    expect(learnedIntervalSeconds(rhythm, at('2026-01-08T12:00:00Z'), options)).toBeGreaterThan(1.5 * 3600);
  });
});
