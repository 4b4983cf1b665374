import { describe, expect, it } from 'vitest';
import { stripBoilerplate } from './boilerplate';
import { sketchSubject, subjectsDiffer } from './subject';
import { splitSentences } from './text';

const offering = (issuer: string, manager: string) =>
  `${issuer} is raising 40 mln dlrs through an offering of convertible subordinated debentures due 2030 with a 5 pct coupon and par pricing, said lead manager ${manager}. The debentures are convertible into the company's common stock at 18 dlrs a share. The issue is non-callable for three years and carries a put option after five years.`;

const differ = (a: { title: string; text: string }, b: { title: string; text: string }) =>
  subjectsDiffer(
    sketchSubject(a.title, splitSentences(stripBoilerplate(a.text))),
    sketchSubject(b.title, splitSentences(stripBoilerplate(b.text))),
  );

describe('subjectsDiffer', () => {
  it('tells one template filled in for two issuers apart, even with the same figures', () => {
    const a = { title: 'Offering', text: offering('Northwind Traders Corp', 'Fabrikam Securities') };
    const b = { title: 'Offering', text: offering('Tailspin Toys Inc', 'Contoso Capital Markets') };
    expect(differ(a, b)).toBe(true);
  });

  it('uses the title of a short notice whose body does not name the issuer', () => {
    const body = 'Qtly div 12 cts vs 12 cts prior. Pay June 1. Record May 15.';
    expect(
      differ(
        { title: 'NORTHWIND TRADERS <NWT> SETS QUARTERLY', text: body },
        { title: 'TAILSPIN TOYS <TST> SETS QUARTERLY', text: body },
      ),
    ).toBe(true);
    expect(
      differ(
        { title: 'NORTHWIND TRADERS <NWT> SETS QUARTERLY', text: body },
        { title: 'In brief: Northwind Traders <NWT> sets quarterly (updated)', text: body },
      ),
    ).toBe(false);
  });

  it('does not split a short item under a rewritten headline when its body names its subject', () => {
    const text =
      'A court in Eastmere on Tuesday threw out a suit by the Harbour Workers Union seeking to stop the sale of the port authority.';
    expect(
      differ(
        { title: 'JUDGE THROWS OUT UNION SUIT AGAINST PORT SALE', text },
        {
          title: 'EASTMERE COURT REJECTS DOCKERS BID TO HALT PORT DEAL',
          text: text.replace(' on Tuesday', ''),
        },
      ),
    ).toBe(false);
  });

  it('does not split a copy that only adds a credit, a dateline name or a headline decoration', () => {
    const text = offering('Northwind Traders Corp', 'Fabrikam Securities');
    expect(
      differ(
        { title: 'Offering', text },
        { title: 'UPDATE 1-Offering', text: `NEW YORK (Example Wire) - ${text}` },
      ),
    ).toBe(false);
    expect(
      differ(
        { title: 'Offering', text },
        {
          title: 'Offering',
          text: text.replace('said lead manager', 'Reuters reported, citing lead manager'),
        },
      ),
    ).toBe(false);
  });
});
