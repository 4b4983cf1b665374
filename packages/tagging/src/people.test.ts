import { describe, expect, it } from 'vitest';
import { findPeopleAndOrganizations } from './people';

const people = (text: string, title = '') =>
  findPeopleAndOrganizations(title, text, title !== '').people.map((person) => person.name);

describe('findPeopleAndOrganizations: people', () => {
  const cases: { name: string; text: string; expected: string[] }[] = [
    {
      name: 'merges later short mentions into the full name, placed at the earliest',
      text: 'Mr Ruiz arrived first. Foreign Minister Ana Ruiz then met the envoy, and Ruiz later spoke.',
      expected: ['Ana Ruiz'],
    },
    {
      name: 'drops offices and honorifics',
      text: 'Defence Secretary Anna Lindqvist spoke first. Prime Minister Tomas Varga replied. Mr Varga was calm.',
      expected: ['Anna Lindqvist', 'Tomas Varga'],
    },
    {
      name: 'keeps a surname announced by an office when no full name is given',
      text: 'President Okafor said he did not recall the meeting.',
      expected: ['Okafor'],
    },
    {
      name: 'keeps initials, hyphens and generational suffixes',
      text: 'Samuel J. Whitcombe Jr. retired. A statement by Nadia Haddad-Aziz, the acting secretary general, followed.',
      expected: ['Samuel J. Whitcombe Jr.', 'Nadia Haddad-Aziz'],
    },
    {
      name: 'keeps name particles and a transliterated final apostrophe',
      text: "The commander, Major General Sa' Nabil al-Rashid, said the attack failed.",
      expected: ["Sa' Nabil al-Rashid"],
    },
    {
      name: 'keeps a naming title with one name word',
      text: 'Lord Penrose said the bank would appeal. Princess Anna opened the hospital.',
      expected: ['Lord Penrose', 'Princess Anna'],
    },
    {
      name: 'reads the office across "of": secretaries of state and chancellors of the exchequer',
      text: 'The plan was set out by Secretary of State Ana Ruiz and Chancellor of the Exchequer Tom Hale.',
      expected: ['Ana Ruiz', 'Tom Hale'],
    },
    {
      name: 'takes a lower-case role before the name, hyphenated or at the start of a sentence',
      text: 'The policy began under then-president Omar Nadir. Broker Ken Ito said shares would rise, and analyst Priya Raman agreed.',
      expected: ['Omar Nadir', 'Ken Ito', 'Priya Raman'],
    },
    {
      name: 'takes a name announced by a speech verb, an apposition or an age',
      text: 'Prices fell, said Rafael Quintero. Dagny Holm, a geologist at the institute, was cautious. Eero Saarinen, 42, disagreed.',
      expected: ['Rafael Quintero', 'Dagny Holm', 'Eero Saarinen'],
    },
    {
      name: 'takes a name introduced by its country or a nationality in apposition',
      text: "Kenya's Wanjiru Kamau won the race ahead of another Kenyan, Achieng Otieno, and Tesfaye Bekele of Ethiopia.",
      expected: ['Wanjiru Kamau', 'Achieng Otieno', 'Tesfaye Bekele'],
    },
    {
      name: 'finds a full name by its given name, unless the article uses that word as a common word',
      text: 'Gavin Orr scored twice. Volunteers from the Red Cross helped after a red card.',
      expected: ['Gavin Orr'],
    },
    {
      name: 'takes a name glued after a place or a common word that opens the sentence',
      text: 'Substitute Mark Odell scored late. The ambassador to Nairobi Ana Ruiz was recalled.',
      expected: ['Mark Odell', 'Ana Ruiz'],
    },
    {
      name: 'does not join names across a comma',
      text: 'Unlike Tomas Varga, who praised Osei, Ruiz and Osei are less affectionate.',
      expected: ['Tomas Varga'],
    },
    {
      name: 'ignores storms, institutions, places, quoted nicknames and groups',
      text:
        'Hurricane Orla hit the coast near Port Ellis. The Lindqvist Foundation said "Honest Abe" was a slogan. ' +
        'North East Water warned customers. Tory rebels say the plan is dead.',
      expected: [],
    },
    {
      name: 'reads an employer before a role as an organisation, not a person',
      text: 'Harbour Bank equity strategist Ken Ito said the index would rise.',
      expected: ['Ken Ito'],
    },
    {
      name: 'reads a name after an organisation noun as an organisation',
      text: 'Security firm Norvale Labs said it had found the flaw, and the newspaper Daily Ledger reported it.',
      expected: [],
    },
    {
      name: 'reads a title word after a given name as a surname',
      text: 'The debate between Mr Ruiz and Peter Major was cancelled. Novels by Susan King sold well.',
      expected: ['Ruiz', 'Peter Major', 'Susan King'],
    },
    {
      name: 'ends a name at its generation suffix, whatever follows',
      text: 'He drove for Representative Samuel J. Whitcombe Jr. Reaching that office had seemed unlikely.',
      expected: ['Samuel J. Whitcombe Jr.'],
    },
    {
      name: 'takes full names listed beside a person',
      text:
        'Guests include Oren Falk, Priya Raman, Tomas Varga and Zed Okonkwo. ' +
        'Also there: singers Lena Orr, Quill Ambrose and Dax Miro.',
      expected: [
        'Oren Falk',
        'Priya Raman',
        'Tomas Varga',
        'Zed Okonkwo',
        'Lena Orr',
        'Quill Ambrose',
        'Dax Miro',
      ],
    },
    {
      name: 'does not make a person of a place named like one',
      text: 'Ships gathered at Port Harlan and at Karim Dasht, near Karim Wells.',
      expected: [],
    },
    {
      name: 'does not read an office word before a common noun as a person',
      text: 'The result of the General Election is due. The general election was called early.',
      expected: [],
    },
    {
      name: 'does not take an uncued run of capitals for a person',
      text: 'The Grand Harbour Mall opened on Saturday. Shoppers queued at Silver Lantern Books.',
      expected: [],
    },
  ];
  it.each(cases)('$name', ({ text, expected }) => {
    expect(people(text)).toEqual(expected);
  });

  it('reads names in a sentence-case title', () => {
    expect(people('The minister spoke later.', 'Finance Minister Ana Ruiz resigns')).toEqual(['Ana Ruiz']);
  });
});

describe('findPeopleAndOrganizations: organisations', () => {
  it('finds organisations, including the one before an office, but not countries', () => {
    const { organizations } = findPeopleAndOrganizations(
      '',
      'The International Monetary Fund and World Bank President Ana Ruiz met U.S. officials at the Bank of England. ' +
        'Acme Group Inc said profits rose.',
      false,
    );
    const names = organizations.map((organization) => organization.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'International Monetary Fund',
        'World Bank',
        'Bank of England',
        'Acme Group Inc',
      ]),
    );
    expect(names).not.toContain('U.S.');
  });
});
