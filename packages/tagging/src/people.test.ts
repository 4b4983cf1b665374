import { describe, expect, it } from 'vitest';
import { findPeopleAndOrganizations } from './people';

const people = (text: string) =>
  findPeopleAndOrganizations('', text, false).people.map((person) => person.name);

describe('findPeopleAndOrganizations', () => {
  const cases: { name: string; text: string; expected: string[] }[] = [
    {
      name: 'merges later short mentions into the full name',
      text: 'Kim met officials on Monday. Later Kim Jong Un inspected a factory, and Kim praised the workers.',
      expected: ['Kim Jong Un'],
    },
    {
      name: 'drops offices and honorifics',
      text: 'Defence Secretary Anna Lindqvist spoke first. Prime Minister Tomas Varga replied. Mr Varga was calm.',
      expected: ['Anna Lindqvist', 'Tomas Varga'],
    },
    {
      name: 'keeps a surname introduced by a title when no full name is given',
      text: 'President Reagan said he did not recall the meeting.',
      expected: ['Reagan'],
    },
    {
      name: 'keeps initials, hyphens and generational suffixes',
      text: 'Thomas J. Bliley Jr. retired. A statement by Adnan Shihab-Eldin, the acting secretary general, followed.',
      expected: ['Thomas J. Bliley Jr.', 'Adnan Shihab-Eldin'],
    },
    {
      name: 'keeps Arabic particles and apostrophes',
      text: "The commander, Major General Tala' Khalil al-Douri, said the attack failed.",
      expected: ["Tala' Khalil al-Douri"],
    },
    {
      name: 'finds an unknown name that opens a sentence when a speech verb follows',
      text: 'The minister was in Algiers. Chakib Khelil said output would stay the same.',
      expected: ['Chakib Khelil'],
    },
    {
      name: 'does not join names across a comma',
      text: 'Unlike Donald Trump, who praised Kim, Putin and Kim are less affectionate.',
      expected: ['Donald Trump'],
    },
    {
      name: 'ignores storms, institutions and quoted nicknames',
      text: 'Hurricane Ivan hit the coast. The Simon Wiesenthal Center said "Crooked Hillary" was a slogan.',
      expected: [],
    },
  ];
  it.each(cases)('$name', ({ text, expected }) => {
    expect(people(text)).toEqual(expected);
  });

  it('finds organisations but not countries', () => {
    const { organizations } = findPeopleAndOrganizations(
      '',
      'The International Monetary Fund and the World Bank met U.S. officials.',
      false,
    );
    const names = organizations.map((organization) => organization.name);
    expect(names).toContain('International Monetary Fund');
    expect(names).not.toContain('U.S.');
  });
});
