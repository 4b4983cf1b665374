import { describe, expect, it } from 'vitest';
import {
  CREDIT_LINE,
  EMBEDDED_READER_PROMPT,
  LEADING_META,
  READER_PROMPT,
  SUBSCRIPTION_PROMPT,
} from './boilerplate-phrases';

describe('CREDIT_LINE', () => {
  it.each([
    ['Reporting by Jane Roe; Editing by John Doe', true],
    ['(Additional reporting by Ana Lima in Lisbon)', true],
    ['Writing and editing by the desk', true],
    ['Graphics by the data team', true],
    ['The reporting by local media was wrong, the minister said.', false],
    ['Edited footage shows the convoy', false],
  ])('%j: %s', (text, expected) => {
    expect(CREDIT_LINE.test(text)).toBe(expected);
  });
});

describe('READER_PROMPT', () => {
  it.each([
    ['Read more: council approves the budget', true],
    ['Related stories', true],
    ['More coverage:', true],
    ['See also - the budget explained', true],
    ['Sign up to our newsletter', true],
    ['Share this article: Facebook | Twitter | Email', true],
    ['Leia também: o orçamento aprovado', true],
    ['Читайте также: бюджет принят', true],
    ['Readers were told to stay home.', false],
    ['Moreover, the council voted twice.', false],
    ['Subscribers pay more this year.', false],
  ])('%j: %s', (text, expected) => {
    expect(READER_PROMPT.test(text)).toBe(expected);
  });
});

describe('EMBEDDED_READER_PROMPT', () => {
  it.each([
    ['For the full timetable, click here.', true],
    ['Follow us for alerts and read more stories like this on our website.', true],
    ['Sign up for our free morning briefing.', true],
    ['Read more about the budget on our website.', true],
    ['The council will share this plan with residents next week.', false],
    ['Officials signed up to the accord in May.', false],
  ])('%j: %s', (text, expected) => {
    expect(EMBEDDED_READER_PROMPT.test(text)).toBe(expected);
  });
});

describe('SUBSCRIPTION_PROMPT', () => {
  it.each([
    ['Follow us on Instagram for more pictures', true],
    ['Follow @CityDesk on Twitter to keep up with the council', true],
    ['Subscribe to our newsletter', true],
    ['Get the morning briefing delivered to your inbox', true],
    ['Already a subscriber? Log in', true],
    ['Follow the money, the auditor said.', false],
    ['Readers who subscribe to the theory are rare.', false],
  ])('%j: %s', (text, expected) => {
    expect(SUBSCRIPTION_PROMPT.test(text)).toBe(expected);
  });
});

describe('LEADING_META', () => {
  it.each([
    ['By Jane Roe, Example Wire', true],
    ['Published 14:05 GMT, 3 June 2024', true],
    ['Updated: 10:42', true],
    ['Bystanders filmed the arrest', false],
    ['Publishers said sales fell', false],
  ])('%j: %s', (text, expected) => {
    expect(LEADING_META.test(text)).toBe(expected);
  });
});
